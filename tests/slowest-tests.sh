#!/usr/bin/env bash
# Prints the slowest tests recorded in the TRX files under a folder, slowest first:
#   tests/slowest-tests.sh <folder> [count=10]
# One line per test: its duration in seconds and its full name. Prints nothing when there is no TRX file.
set -eu

folder=$1
count=${2:-10}
[[ -d "$folder" ]] || exit 0

find "$folder" -type f -name '*.trx' -print0 |
    xargs -0 -r cat |
    tr '\r\n' '  ' |
    grep -o '<UnitTestResult [^>]*>' |
    awk '{
        name = ""; duration = "";
        if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11);
        if (match($0, /duration="[^"]*"/)) duration = substr($0, RSTART + 10, RLENGTH - 11);
        if (duration == "") next;
        split(duration, part, ":");
        gsub(/&quot;/, "\"", name); gsub(/&apos;/, "\047", name); gsub(/&lt;/, "<", name); gsub(/&gt;/, ">", name); gsub(/&amp;/, "\\&", name);
        printf "%.3f\t%s\n", part[1] * 3600 + part[2] * 60 + part[3], name;
    }' |
    sort -t "$(printf '\t')" -k1,1 -g -r |
    awk -F '\t' -v count="$count" 'NR <= count { printf "%8.1f s  %s\n", $1, $2 }' || true

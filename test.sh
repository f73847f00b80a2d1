#!/usr/bin/env bash
# The project's single test command (CI runs it through .ci/run, as root, on a fresh Debian 12 machine).
#
#   ./test.sh [dotnet test args...]   install what is missing, start a private PostgreSQL and RabbitMQ,
#                                     build Segur.sln, run each tests/*.Tests project in turn against them, stop them, and
#                                     print the slowest ten tests, then one closing line "N passed, N failed[, N skipped]".
#   ./test.sh --servers-only          start the servers, print the export lines for an IDE/shell, and
#                                     wait until Ctrl-C (or SIGTERM); then stop them. Started in the background
#                                     (`./test.sh --servers-only &`), bash ignores SIGINT for it, so stop it with the
#                                     `kill <pid>` line it prints (SIGTERM).
#
# Environment knobs: KEEP_TEST_RUN=1 keeps the run folder (server logs, TRX files) after the run;
# SEGUR_PG_PORT / SEGUR_AMQP_PORT change the preferred ports (55432 / 55672; others are picked if taken).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

SERVERS_ONLY=0
if [[ "${1:-}" == "--servers-only" ]]; then
    SERVERS_ONLY=1
    shift
fi

log() { printf '[test.sh] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# 1. Install what is missing (apt) and the local dotnet tools.
# ---------------------------------------------------------------------------------------------
need_apt=0
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need_apt=1
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || need_apt=1
[[ -x /usr/bin/chromium ]] || need_apt=1
# The PDFs the agency issues (décision d'attribution, avis de paiement) embed DejaVu Sans (decision 0072).
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || need_apt=1
if ((need_apt)); then
    log "installing postgresql, rabbitmq-server, chromium and fonts-dejavu-core with apt-get"
    t0=$(now)
    apt_log=$(mktemp /tmp/segur-apt.XXXXXX)
    if ! { apt-get update &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            postgresql rabbitmq-server chromium fonts-dejavu-core; } >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        log "apt-get failed"
        echo "0 passed, 1 failed"
        exit 1
    fi
    rm -f "$apt_log"
    log "apt-get done in $(elapsed "$t0") s"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No lingering MSBuild worker nodes holding our stdout open after the run (CI pipes the output).
export MSBUILDDISABLENODEREUSE=1

if ((!SERVERS_ONLY)) && [[ -f .config/dotnet-tools.json ]]; then
    dotnet tool restore >/dev/null || { log "dotnet tool restore failed"; dotnet tool restore || true; echo "0 passed, 1 failed"; exit 1; }
fi

# ---------------------------------------------------------------------------------------------
# 2. Run folder, ports.
# ---------------------------------------------------------------------------------------------
RUN=$(mktemp -d /tmp/segur-test.XXXXXX)
chmod 711 "$RUN" # postgres and rabbitmq may only traverse it to reach their own subfolders
# Every server process we start carries this variable; cleanup sweeps for leftovers by it.
MARKER="SEGUR_TEST_RUN_MARKER=$RUN"

PG_STARTED=0
PG_BIN=""
PG_DATA="$RUN/pg/data"
RABBIT_PID=""
RABBIT_BEAM_PIDS=""
EPMD_PIDS=""
CLEANED=0

marker_pids() {
    local d pid
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
        grep -qzxF "$MARKER" "$d/environ" 2>/dev/null && printf '%s\n' "$pid"
    done
    return 0
}

beam_pids() {
    local p
    for p in $(marker_pids); do
        [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == beam.smp ]] && printf '%s ' "$p"
    done
    return 0
}

# Stops everything this run started. Silent: the summary line must stay the last line of output.
cleanup() {
    ((CLEANED)) && return 0
    CLEANED=1
    set +e
    if ((PG_STARTED)); then
        su postgres -s /bin/bash -c "$(printf '%q' "$PG_BIN/pg_ctl") -D $(printf '%q' "$PG_DATA") stop -m fast -w -t 30" >/dev/null 2>&1
    fi
    if [[ -n "$RABBIT_PID" ]]; then
        # TERM to the Erlang VM is a graceful shutdown; the rabbitmq-server script and su then exit.
        # (su -c puts its command in a session of its own, so there is no single group to signal.)
        local b
        [[ -n "$RABBIT_BEAM_PIDS" ]] || RABBIT_BEAM_PIDS=$(beam_pids)
        for b in $RABBIT_BEAM_PIDS; do kill -TERM "$b" 2>/dev/null; done
        for _ in $(seq 1 150); do
            local alive=0
            for b in $RABBIT_BEAM_PIDS; do kill -0 "$b" 2>/dev/null && alive=1; done
            ((alive)) || break
            sleep 0.2
        done
        kill -TERM "$RABBIT_PID" 2>/dev/null
    fi
    local p
    for p in $EPMD_PIDS; do kill -TERM "$p" 2>/dev/null; done
    # Anything of ours still alive (epmd, a stuck postmaster, erl_child_setup...): by pid, TERM then KILL.
    local left i
    for ((i = 0; i < 10; i++)); do
        left=$(marker_pids)
        [[ -z "$left" ]] && break
        sleep 0.2
    done
    if [[ -n "$left" ]]; then
        for p in $left; do kill -TERM "$p" 2>/dev/null; done
        for ((i = 0; i < 10; i++)); do
            left=$(marker_pids)
            [[ -z "$left" ]] && break
            sleep 0.2
        done
        for p in $left; do kill -KILL "$p" 2>/dev/null; done
    fi
    [[ -n "$RABBIT_PID" ]] && wait "$RABBIT_PID" 2>/dev/null
    [[ -n "${SLEEP_PID:-}" ]] && kill "$SLEEP_PID" 2>/dev/null
    if [[ "${KEEP_TEST_RUN:-0}" == "1" ]]; then
        echo "[test.sh] kept run folder $RUN" >&2
    else
        rm -rf "$RUN"
    fi
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

port_in_use() {
    local p=$1
    if command -v ss >/dev/null 2>&1 && [[ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]]; then
        return 0
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
    return 1
}
TAKEN=" "
pick_port() { # pick_port <preferred>: prints a free port, never one already picked in this run
    local p=$1 i
    for ((i = 0; i < 200; i++)); do
        if [[ "$TAKEN" != *" $p "* ]] && ! port_in_use "$p"; then
            TAKEN+="$p "
            printf '%s' "$p"
            return 0
        fi
        p=$((20000 + RANDOM % 30000))
    done
    log "no free port found"
    return 1
}
fail_setup() { # stop what was started and never end green
    log "$1"
    cleanup
    echo "0 passed, 1 failed"
    exit 1
}
PG_PORT=$(pick_port "${SEGUR_PG_PORT:-55432}") || fail_setup "no free port for PostgreSQL"
TAKEN+="$PG_PORT "
AMQP_PORT=$(pick_port "${SEGUR_AMQP_PORT:-55672}") || fail_setup "no free port for AMQP"
TAKEN+="$AMQP_PORT "
DIST_PORT=$(pick_port $((AMQP_PORT + 20000 > 65000 ? 45672 : AMQP_PORT + 20000))) || fail_setup "no free port for Erlang distribution"
TAKEN+="$DIST_PORT "
EPMD_PORT=$(pick_port 54369) || fail_setup "no free port for epmd"
TAKEN+="$EPMD_PORT "

q() { printf '%q' "$1"; }

# ---------------------------------------------------------------------------------------------
# 3. PostgreSQL (highest installed version), as the postgres user.
# ---------------------------------------------------------------------------------------------
start_postgres() {
    local t0 v best="" attempt
    t0=$(now)
    for v in /usr/lib/postgresql/*/bin/postgres; do
        v=${v#/usr/lib/postgresql/}
        v=${v%%/*}
        if [[ -z "$best" ]] || ((${v%%.*} > ${best%%.*})); then best=$v; fi
    done
    PG_BIN="/usr/lib/postgresql/$best/bin"
    mkdir -p "$RUN/pg/sock"
    printf 'postgres\n' >"$RUN/pg/pwfile"
    chown -R postgres: "$RUN/pg"
    chmod 700 "$RUN/pg"
    local envs
    envs="cd $(q "$RUN/pg") && export $(q "$MARKER") &&"
    if ! su postgres -s /bin/bash -c "$envs $(q "$PG_BIN/initdb") -D $(q "$PG_DATA") -U postgres \
            --pwfile=$(q "$RUN/pg/pwfile") -A trust -E UTF8 --no-locale --no-sync" >"$RUN/pg/initdb.log" 2>&1; then
        cat "$RUN/pg/initdb.log" >&2
        log "initdb failed"
        return 1
    fi
    PG_STARTED=1
    for attempt in 1 2 3 4 5; do
        : >"$RUN/pg/postgres.log"
        chown postgres: "$RUN/pg/postgres.log"
        if su postgres -s /bin/bash -c "$envs $(q "$PG_BIN/pg_ctl") -D $(q "$PG_DATA") -l $(q "$RUN/pg/postgres.log") -w -t 60 \
                -o $(q "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN/pg/sock -c fsync=on -c max_connections=200") start" \
                >"$RUN/pg/pg_ctl.log" 2>&1; then
            break
        fi
        if ((attempt < 5)) && grep -q 'Address already in use' "$RUN/pg/postgres.log"; then
            # Another server took the port between our check and our start: take another one.
            PG_PORT=$(pick_port $((20000 + RANDOM % 30000))) || return 1
            TAKEN+="$PG_PORT "
            continue
        fi
        cat "$RUN/pg/pg_ctl.log" "$RUN/pg/postgres.log" >&2 2>/dev/null || true
        log "PostgreSQL failed to start"
        return 1
    done
    local i
    for ((i = 0; i < 300; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && break
        sleep 0.1
    done
    if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then
        cat "$RUN/pg/postgres.log" >&2 || true
        log "PostgreSQL does not answer pg_isready"
        return 1
    fi
    log "PostgreSQL $best ready on 127.0.0.1:$PG_PORT in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------------------------------------
# 4. RabbitMQ, as the rabbitmq user, fully isolated (own node name, ports, epmd, config, data).
# ---------------------------------------------------------------------------------------------
RABBIT_NODE="segurtest-${RUN##*.}@localhost"

launch_rabbitmq() { # starts the node in the background; sets RABBIT_PID
    local r="$RUN/rabbit"
    [[ -n "$RUN" && -d "$RUN" ]] || return 1
    rm -rf "$r"
    mkdir -p "$r/home" "$r/mnesia" "$r/log"
    printf '%s\n' 'loopback_users.guest = true' 'disk_free_limit.absolute = 50MB' \
        'log.console = false' 'log.file.level = info' >"$r/rabbitmq.conf"
    printf '[].\n' >"$r/enabled_plugins"
    : >"$r/rabbitmq-env.conf"
    chown -R rabbitmq: "$r"
    chmod 700 "$r"
    local cmd
    cmd="cd $(q "$r") && export $(q "$MARKER") HOME=$(q "$r/home") \
RABBITMQ_NODENAME=$(q "$RABBIT_NODE") \
RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$DIST_PORT \
ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$EPMD_PORT \
RABBITMQ_MNESIA_BASE=$(q "$r/mnesia") RABBITMQ_LOG_BASE=$(q "$r/log") \
RABBITMQ_CONFIG_FILE=$(q "$r/rabbitmq.conf") RABBITMQ_ADVANCED_CONFIG_FILE=$(q "$r/advanced.config") \
RABBITMQ_ENABLED_PLUGINS_FILE=$(q "$r/enabled_plugins") RABBITMQ_CONF_ENV_FILE=$(q "$r/rabbitmq-env.conf") \
RABBITMQ_PID_FILE=$(q "$r/rabbit.pid") \
RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=$(q "-kernel inet_dist_use_interface {127,0,0,1}") \
&& exec /usr/lib/rabbitmq/bin/rabbitmq-server"
    # setsid: keep the node out of the terminal's process group (Ctrl-C reaches only this script).
    setsid su rabbitmq -s /bin/bash -c "$cmd" </dev/null >"$RUN/rabbit-console.log" 2>&1 &
    RABBIT_PID=$!
}

remember_rabbit_pids() { # epmd daemonizes and outlives the node: remember it to stop it by pid
    local p
    for p in $(marker_pids); do
        case "$(cat "/proc/$p/comm" 2>/dev/null)" in
            epmd) [[ " $EPMD_PIDS " == *" $p "* ]] || EPMD_PIDS+="$p " ;;
            beam.smp) [[ " $RABBIT_BEAM_PIDS " == *" $p "* ]] || RABBIT_BEAM_PIDS+="$p " ;;
        esac
    done
    return 0
}

start_rabbitmq() {
    local t0 attempt deadline nodelog
    t0=$(now)
    deadline=$(awk -v a="$t0" 'BEGIN { printf "%d", a + 60 }')
    for attempt in 1 2 3; do
        launch_rabbitmq || return 1
        nodelog="$RUN/rabbit/log/$RABBIT_NODE.log"
        # Ready when our node logged its AMQP listener and the port answers (the port alone could be
        # another server's that took it first).
        until grep -qs "started TCP listener on 127.0.0.1:$AMQP_PORT" "$nodelog" &&
            (exec 3<>"/dev/tcp/127.0.0.1/$AMQP_PORT") 2>/dev/null; do
            kill -0 "$RABBIT_PID" 2>/dev/null || break
            if (($(date +%s) >= deadline)); then
                cat "$RUN/rabbit-console.log" "$nodelog" >&2 2>/dev/null || true
                log "RabbitMQ did not open 127.0.0.1:$AMQP_PORT within 60 s"
                return 1
            fi
            sleep 0.2
        done
        remember_rabbit_pids
        if kill -0 "$RABBIT_PID" 2>/dev/null; then
            log "RabbitMQ ready on 127.0.0.1:$AMQP_PORT in $(elapsed "$t0") s"
            return 0
        fi
        # The node died while starting. If a port was taken meanwhile: other ports, try again.
        wait "$RABBIT_PID" 2>/dev/null || true
        RABBIT_PID=""
        if ((attempt < 3)) && grep -qsiE 'eaddrinuse|in use|dist_port_already_used|duplicate_name' \
            "$RUN/rabbit-console.log" "$RUN/rabbit/log/"*.log; then
            log "RabbitMQ port clash, retrying with other ports"
            mv "$RUN/rabbit/log" "$RUN/rabbit-attempt$attempt-log" 2>/dev/null || true
            mv "$RUN/rabbit-console.log" "$RUN/rabbit-attempt$attempt-console.log" 2>/dev/null || true
            AMQP_PORT=$(pick_port $((20000 + RANDOM % 30000))) || return 1
            TAKEN+="$AMQP_PORT "
            DIST_PORT=$(pick_port $((20000 + RANDOM % 30000))) || return 1
            TAKEN+="$DIST_PORT "
            EPMD_PORT=$(pick_port $((20000 + RANDOM % 30000))) || return 1
            TAKEN+="$EPMD_PORT "
            continue
        fi
        cat "$RUN/rabbit-console.log" "$RUN/rabbit/log/"*.log >&2 2>/dev/null || true
        log "RabbitMQ exited while starting"
        return 1
    done
    return 1
}

start_postgres || fail_setup "PostgreSQL did not start"
start_rabbitmq || fail_setup "RabbitMQ did not start"

export SEGUR_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=postgres;Pooling=true"
export SEGUR_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
export SEGUR_TEST_CHROMIUM=/usr/bin/chromium

if ((SERVERS_ONLY)); then
    echo "export SEGUR_TEST_POSTGRES='$SEGUR_TEST_POSTGRES'"
    echo "export SEGUR_TEST_RABBITMQ='$SEGUR_TEST_RABBITMQ'"
    echo "export SEGUR_TEST_CHROMIUM='$SEGUR_TEST_CHROMIUM'"
    log "servers running (run folder $RUN); press Ctrl-C to stop them, or from another shell: kill $$"
    while :; do
        sleep 3600 &
        SLEEP_PID=$!
        wait "$SLEEP_PID" || true
    done
fi

# ---------------------------------------------------------------------------------------------
# 5. Tests, then one summary line computed from the TRX files.
# ---------------------------------------------------------------------------------------------
RESULTS="$RUN/results"
mkdir -p "$RESULTS"
test_rc=0
# Build once, then one test project after the other: run side by side on 2 cores, the browser journeys of one
# and the database tests of the other starve each other into timeouts.
dotnet build Segur.sln -c Release || test_rc=$?
# The browser tests' journals of this run only (decision 0200): printed below when a click had to be clicked again or a test failed.
ARTIFACTS=tests/Segur.Host.Tests/bin/Release/net10.0/artifacts
rm -f "$ARTIFACTS/lost-clicks.log" "$ARTIFACTS/browser-journals.log"
if [[ $test_rc -eq 0 ]]; then
    for project in tests/*.Tests/*.Tests.csproj; do
        dotnet test "$project" -c Release --no-build --logger "trx" --results-directory "$RESULTS" "$@" || test_rc=$?
    done
fi

passed=0 failed=0 skipped=0 reports=0
counter() { # counter <name> <Counters element>
    local v
    v=$(printf '%s' "$2" | sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p")
    printf '%s' "${v:-0}"
}
while IFS= read -r -d '' trx; do
    c=$(tr '\r\n' '  ' <"$trx" | grep -o '<Counters[[:space:]][^>]*>' | head -n 1 || true)
    if [[ -z "$c" ]]; then continue; fi
    reports=$((reports + 1))
    passed=$((passed + $(counter passed "$c")))
    failed=$((failed + $(counter failed "$c") + $(counter error "$c") + $(counter timeout "$c") + $(counter aborted "$c")))
    # xunit's skipped tests are counted in total but neither in executed nor in notExecuted.
    skip_n=$(($(counter total "$c") - $(counter executed "$c")))
    ne=$(counter notExecuted "$c")
    if ((skip_n < ne)); then skip_n=$ne; fi
    if ((skip_n > 0)); then skipped=$((skipped + skip_n)); fi
done < <(find "$RESULTS" -type f -name '*.trx' -print0 2>/dev/null)

if ((test_rc != 0 && failed == 0)); then
    log "dotnet test exited $test_rc but no TRX report ($reports found) records a failed test: counting 1 failure"
    failed=1
fi
if ((test_rc != 0 || failed != 0)) && [[ "${KEEP_TEST_RUN:-0}" != "1" ]]; then
    log "server logs and TRX files are kept with KEEP_TEST_RUN=1"
fi

# What the browsers saw, for a failure read in CI's output: the clicks clicked again, and the troubles the pages recorded.
if [[ -s "$ARTIFACTS/lost-clicks.log" ]]; then
    echo "Clicks clicked again ($ARTIFACTS/lost-clicks.log):"
    grep -A 3 '^--- ' "$ARTIFACTS/lost-clicks.log" | head -n 40 || true
fi
if ((failed > 0)) && [[ -s "$ARTIFACTS/browser-journals.log" ]]; then
    echo "Troubles seen by the browsers ($ARTIFACTS/browser-journals.log):"
    grep -E '^=== |websocket (closed|error)|pageerror|requestfailed|console\.error' "$ARTIFACTS/browser-journals.log" \
        | awk '/^=== /{header=$0; next} {if (header != "") {print header; header=""} print}' | head -n 60 || true
fi

# The slowest ten tests, read before cleanup removes the TRX files; printed before the closing line, which stays last.
slowest=$(bash tests/slowest-tests.sh "$RESULTS" 10 2>/dev/null || true)
cleanup
if [[ -n "$slowest" ]]; then
    echo "Slowest tests:"
    printf '%s\n' "$slowest"
fi
summary="$passed passed, $failed failed"
if ((skipped > 0)); then summary+=", $skipped skipped"; fi
echo "$summary"
if ((failed == 0 && test_rc == 0)); then
    exit 0
fi
exit 1

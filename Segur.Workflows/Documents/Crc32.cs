namespace Segur.Workflows.Documents;

/// <summary>
/// The zip format's CRC-32 (IEEE 802.3). ZipArchive stops reading an entry at the size its header claims and
/// does not compare checksums, so a lying or damaged entry would otherwise come out silently truncated.
/// </summary>
internal struct Crc32
{
    private static readonly uint[] s_table = BuildTable();

    private uint _crc;

    public Crc32() => _crc = 0xFFFFFFFFu;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data)
        {
            crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    public readonly uint Value => ~_crc;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}

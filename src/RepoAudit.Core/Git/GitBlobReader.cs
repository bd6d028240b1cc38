using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RepoAudit.Core.Git;

/// <summary>
/// Reads single blobs on demand through one long-lived `git cat-file --batch` process (one request at a time),
/// for snapshots of a commit where files are read lazily and only a few are needed.
/// </summary>
public sealed class GitBlobReader : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Process _process;
    private readonly Stream _output;

    public GitBlobReader(GitRepository repository)
    {
        _process = repository.Runner.Start(repository.Folder, ["cat-file", "--batch"]);
        _output = new BufferedStream(_process.StandardOutput.BaseStream, 1 << 16);
        _ = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>The blob's bytes, or null when git does not have it (a partial clone): never fetched.</summary>
    public byte[]? Read(string oid)
    {
        lock (_gate)
        {
            _process.StandardInput.Write(oid + "\n");
            _process.StandardInput.Flush();
            var header = ReadLine();
            var parts = header?.Split(' ');
            if (parts is not { Length: 3 })
            {
                return null;
            }

            var content = new byte[int.Parse(parts[2], CultureInfo.InvariantCulture)];
            _output.ReadExactly(content);
            _output.ReadByte();
            return content;
        }
    }

    private string? ReadLine()
    {
        var bytes = new List<byte>(64);
        int b;
        while ((b = _output.ReadByte()) >= 0 && b != '\n')
        {
            bytes.Add((byte)b);
        }

        return b < 0 && bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }

        _process.Dispose();
    }
}

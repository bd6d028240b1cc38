using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace RepoAudit.Core.Git;

/// <summary>How to stream blobs: skip binaries by their first bytes, and how many threads visit contents.</summary>
public sealed record BlobStreamOptions
{
    /// <summary>Blobs whose first 8,000 bytes hold a NUL are read past without being kept or visited.</summary>
    public bool SkipBinary { get; init; }

    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Told the number of blobs read so far, now and then.</summary>
    public IProgress<int>? Progress { get; init; }
}

/// <summary>
/// The one reader of `git cat-file --batch`: a long-lived process answering one blob at a time (<see cref="Read"/>,
/// for snapshots of a commit that read a few files lazily), or a stream of many blobs (<see cref="Stream"/>, for
/// history) where git decompresses in its own process while worker threads scan what it already sent. Missing objects
/// are reported as such, never fetched. Every request, and every whole stream, has the runner's time limit.
/// </summary>
public sealed class CatFileBatch : IDisposable
{
    private const int BinaryProbe = 8000;
    private readonly Lock _gate = new();
    private readonly Process _process;
    private readonly GitDeadline _deadline;
    private readonly BatchOutput _output;

    public CatFileBatch(GitRunner runner, string folder)
    {
        _process = runner.Start(folder, ["cat-file", "--batch"]);
        _deadline = runner.Deadline(_process, ["cat-file", "--batch"], armed: false);
        _output = new BatchOutput(_process.StandardOutput.BaseStream);
        _ = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>The blob's bytes, or null when git does not have it (a partial clone): never fetched.</summary>
    public byte[]? Read(string oid)
    {
        lock (_gate)
        {
            _deadline.Restart();
            try
            {
                _process.StandardInput.Write(oid + "\n");
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                _deadline.ThrowIfPassed();
                throw;
            }

            var header = _output.ReadHeader();
            _deadline.ThrowIfPassed();
            if (header is not { Size: { } size })
            {
                _deadline.Pause();
                return null;
            }

            var content = new byte[size];
            _output.ReadContent(content);
            _deadline.ThrowIfPassed();
            _deadline.Pause();
            return content;
        }
    }

    /// <summary>
    /// Streams the given blobs through one `git cat-file --batch`, calling <paramref name="visit"/> (from several
    /// threads at once, in no particular order) with the position in <paramref name="oids"/> and the bytes of each
    /// blob git has. git answers in the order it was asked, which is how an answer is matched to its request (and each
    /// answer's id is checked against it): no lookup table, nor a string per blob. Memory stays bounded: only a few
    /// blobs are held at a time, in pooled buffers that are reused once visited.
    /// </summary>
    public static void Stream(GitRunner runner, string folder, IReadOnlyList<string> oids, BlobStreamOptions options,
        Action<int, ReadOnlySpan<byte>> visit)
    {
        if (oids.Count == 0)
        {
            return;
        }

        // Every request is written before any answer is needed: --buffer lets git fill its output buffer instead of
        // flushing after each blob (on pytorch-lightning's history, about 0.4 s less system time and fewer switches).
        string[] args = ["cat-file", "--batch", "--buffer"];
        using var process = runner.StartBulk(folder, args);
        using var deadline = runner.Deadline(process, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            try
            {
                using var input = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false), 1 << 16);
                foreach (var oid in oids)
                {
                    input.Write(oid);
                    input.Write('\n');
                }
            }
            catch (IOException)
            {
                // git stopped reading (killed at its deadline); the reader notices the short output.
            }
        });

        using var failed = new CancellationTokenSource();
        using var queue = new BlockingCollection<(int Index, byte[] Buffer, int Length)>(options.Workers * 4);
        var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() =>
        {
            try
            {
                foreach (var (index, buffer, length) in queue.GetConsumingEnumerable(failed.Token))
                {
                    try
                    {
                        visit(index, buffer.AsSpan(0, length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
            catch (OperationCanceledException) when (failed.IsCancellationRequested)
            {
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        })).ToArray();

        try
        {
            var output = new BatchOutput(process.StandardOutput.BaseStream);
            var read = 0;
            while (output.ReadHeader() is { } header)
            {
                var index = read++;
                if (index >= oids.Count || !output.HeaderNames(oids[index]))
                {
                    throw new IOException($"git cat-file --batch answered out of order (answer {index + 1} of {oids.Count} is not the object asked for)");
                }

                if (header.Size is not { } size)
                {
                    continue; // "<oid> missing"
                }

                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
                var probe = Math.Min(size, BinaryProbe);
                output.ReadExactly(buffer.AsSpan(0, probe));
                if (options.SkipBinary && buffer.AsSpan(0, probe).Contains((byte)0))
                {
                    output.Skip(size - probe);
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                else
                {
                    output.ReadContent(buffer.AsSpan(probe, size - probe));
                    queue.Add((index, buffer, size), failed.Token);
                }

                if (read % 1000 == 0)
                {
                    options.Progress?.Report(read);
                }
            }

            options.Progress?.Report(read);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // A worker failed; its exception is rethrown below.
        }
        catch (EndOfStreamException)
        {
            deadline.ThrowIfPassed();
            throw new IOException("git cat-file --batch stopped in the middle of a blob");
        }
        finally
        {
            queue.CompleteAdding();
            try
            {
                if (failed.IsCancellationRequested && !process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            throw ex.InnerExceptions[0];
        }

        writer.Wait();
        process.WaitForExit();
        _ = stderr.Result;
        deadline.ThrowIfPassed();
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

        _deadline.Dispose();
        _process.Dispose();
    }

    /// <summary>One answer of `cat-file --batch`: unless git does not have the object, its size.</summary>
    private readonly record struct Header(int? Size);

    /// <summary>The byte stream `cat-file --batch` writes: "oid type size\n" + content + "\n", or "oid missing\n".</summary>
    private sealed class BatchOutput(Stream stream)
    {
        private readonly BufferedStream _stream = new(stream, 1 << 16);
        private readonly byte[] _line = new byte[512];
        private int _lineLength;

        public Header? ReadHeader()
        {
            var length = 0;
            while (true)
            {
                var b = _stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }

                if (b == '\n')
                {
                    break;
                }

                if (length < _line.Length)
                {
                    _line[length++] = (byte)b;
                }
            }

            _lineLength = length;
            var line = _line.AsSpan(0, length);
            var lastSpace = line.LastIndexOf((byte)' ');
            return line.Count((byte)' ') == 2 && Utf8Parser.TryParse(line[(lastSpace + 1)..], out int size, out var used) && used == line.Length - lastSpace - 1
                ? new Header(size)
                : new Header(null);
        }

        /// <summary>Does the header read last name this object (its first field, as asked)?</summary>
        public bool HeaderNames(string oid)
        {
            var line = _line.AsSpan(0, _lineLength);
            var space = line.IndexOf((byte)' ');
            var name = space < 0 ? line : line[..space];
            return Ascii.Equals(name, oid);
        }

        public void ReadExactly(Span<byte> into) => _stream.ReadExactly(into);

        /// <summary>Reads the rest of a blob and the newline after it.</summary>
        public void ReadContent(Span<byte> into)
        {
            _stream.ReadExactly(into);
            _stream.ReadByte();
        }

        public void Skip(int count)
        {
            Span<byte> scratch = stackalloc byte[4096];
            while (count > 0)
            {
                var chunk = Math.Min(count, scratch.Length);
                _stream.ReadExactly(scratch[..chunk]);
                count -= chunk;
            }

            _stream.ReadByte();
        }
    }
}

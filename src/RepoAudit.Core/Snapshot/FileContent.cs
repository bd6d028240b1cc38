using System.Text;

namespace RepoAudit.Core.Snapshot;

public enum ContentStatus
{
    Text,
    Binary,
    TooLarge,
    Unreadable,
    OutsideRepository,
}

/// <summary>A file's contents as the checks see them: decoded text, or the reason there is none.</summary>
public sealed record FileContent(string Path, ContentStatus Status, string? Text, long Size, string? Problem = null)
{
    public bool IsText => Status == ContentStatus.Text;

    /// <summary>Why the content could not be searched, for evidence ("binary", "over the 8 MB cap", ...).</summary>
    public string Describe() => Status switch
    {
        ContentStatus.Text => "text",
        ContentStatus.Binary => "binary",
        ContentStatus.TooLarge => $"{Sizes.Format(Size)}, over the size cap",
        ContentStatus.OutsideRepository => "a symbolic link that points outside the repository (not followed)",
        _ => Problem ?? "unreadable",
    };

    /// <summary>Decodes bytes: BOMs decide UTF-8/UTF-16, a NUL byte in the first 8 KB means binary, bad UTF-8 is replaced.</summary>
    public static FileContent Decode(string path, ReadOnlySpan<byte> bytes, long size)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new FileContent(path, ContentStatus.Text, Encoding.UTF8.GetString(bytes[3..]), size);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new FileContent(path, ContentStatus.Text, Encoding.Unicode.GetString(bytes[2..]), size);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new FileContent(path, ContentStatus.Text, Encoding.BigEndianUnicode.GetString(bytes[2..]), size);
        }

        return IsBinary(bytes)
            ? new FileContent(path, ContentStatus.Binary, null, size)
            : new FileContent(path, ContentStatus.Text, Encoding.UTF8.GetString(bytes), size);
    }

    public static bool IsBinary(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, 8000)].Contains((byte)0);
}

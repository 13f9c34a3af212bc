using System.Runtime.Versioning;
using Spindle.Core.Tools;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// A session's host directory, bound as <c>/mnt/data</c>. Everything in it may have been planted by the code, so the
/// host never follows a link in it: inputs are created with <c>O_EXCL</c> after unlinking, outputs are opened with
/// <c>openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)</c>, and the walk skips links and stops at fixed bounds.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class DataDirectory
{
    private const int MaxDepth = 8, MaxEntries = 4096, MaxOutputFiles = 64;
    private const long MaxOutputBytes = 256L * 1024 * 1024;
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly int? _ownerUid;

    private DataDirectory(string path, int? ownerUid)
    {
        Path = path;
        _ownerUid = ownerUid;
    }

    public string Path { get; }

    /// <param name="ownerUid">The host uid to own the directory and its inputs, when Spindle runs as root.</param>
    public static DataDirectory Create(string path, int? ownerUid)
    {
        Directory.CreateDirectory(path, Private);
        File.SetUnixFileMode(path, Private);
        if (ownerUid is { } uid)
            Libc.Chown(path, uid);
        return new DataDirectory(path, ownerUid);
    }

    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"Input file name '{name}' must be a plain file name, without '/'.", nameof(name));
    }

    public void WriteInputs(IReadOnlyList<SandboxFile> files)
    {
        foreach (var file in files)
        {
            var path = System.IO.Path.Combine(Path, file.Name);
            // unlink() removes a link the code planted, not its target; O_EXCL then refuses one planted in between.
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
                Directory.Delete(path, recursive: true);
            else
                File.Delete(path);

            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using var stream = new FileStream(path, options);
            if (_ownerUid is { } uid)
                Libc.Chown(stream.SafeFileHandle, uid);
            stream.Write(file.Content);
        }
    }

    public Dictionary<string, FileStamp> Snapshot()
    {
        var files = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        var entries = 0;
        Walk(new DirectoryInfo(Path), "", 0, files, ref entries);
        return files;
    }

    /// <summary>The files that are new or whose size or modification time changed since <paramref name="before"/>.</summary>
    public List<SandboxOutputFile> CollectChanges(IReadOnlyDictionary<string, FileStamp> before)
    {
        List<SandboxOutputFile> outputs = [];
        long total = 0;
        foreach (var (name, stamp) in Snapshot().OrderBy(static f => f.Key, StringComparer.Ordinal))
        {
            if (before.TryGetValue(name, out var old) && old == stamp)
                continue;
            if (outputs.Count == MaxOutputFiles || total + stamp.Length > MaxOutputBytes)
                break;
            if (ReadBeneath(name) is { } content)
            {
                total += content.Length;
                outputs.Add(new SandboxOutputFile(name, content, ImageSignature.MediaType(content)));
            }
        }

        return outputs;
    }

    public void Delete()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }

    private static void Walk(DirectoryInfo directory, string prefix, int depth, Dictionary<string, FileStamp> files, ref int entries)
    {
        IEnumerable<FileSystemInfo> children;
        try
        {
            children = directory.EnumerateFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var child in children)
        {
            if (++entries > MaxEntries)
                return;
            if (child.LinkTarget is not null)
                continue;
            var name = prefix + child.Name;
            if (child is DirectoryInfo subdirectory)
            {
                if (depth < MaxDepth)
                    Walk(subdirectory, name + "/", depth + 1, files, ref entries);
            }
            else if (child is FileInfo file)
            {
                files[name] = new FileStamp(file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    private byte[]? ReadBeneath(string name)
    {
        using var handle = Libc.OpenBeneath(Path, name);
        if (handle is null)
            return null;
        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            if (!stream.CanSeek)
                return null;
            var content = new byte[Math.Min(stream.Length, MaxOutputBytes)];
            stream.ReadExactly(content);
            return content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}

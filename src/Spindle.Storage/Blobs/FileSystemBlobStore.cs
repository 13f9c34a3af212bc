using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Blobs;

/// <summary>
/// File bytes under <c>&lt;DataDirectory&gt;/blobs/&lt;tenant-hash&gt;/&lt;file-id&gt;</c>. An upload is written to a
/// temporary file beside its final name, flushed to disk and then renamed, so a crash or a failed upload never leaves a
/// partial blob under a file id. The tenant is hashed so that its name never becomes a path.
/// </summary>
internal sealed class FileSystemBlobStore(string root) : IBlobStore
{
    private const int BufferSize = 128 * 1024;

    private static readonly SearchValues<char> IdChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");

    public string Root => root;

    public static FileSystemBlobStore Open(string dataDirectory) => new(Path.Combine(Path.GetFullPath(dataDirectory), "blobs"));

    public async Task<long> PutAsync(TenantId tenant, string fileId, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(tenant, fileId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            long bytes;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                bytes = file.Length;
            }

            File.Move(temp, path, overwrite: false);
            return bytes;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.Delete: a download in progress keeps its bytes when the file is deleted meanwhile.
            Stream stream = new FileStream(PathOf(tenant, fileId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        var path = PathOf(tenant, fileId);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    private string PathOf(TenantId tenant, string fileId)
    {
        // Ids come from Ids.New, but a path built from a caller's string must never leave the tenant's folder.
        if (fileId.Length is 0 or > 64 || fileId.AsSpan().ContainsAnyExcept(IdChars))
        {
            throw new ArgumentException($"'{fileId}' is not a file id.", nameof(fileId));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant.Value)))[..32];
        return Path.Combine(root, hash, fileId);
    }
}

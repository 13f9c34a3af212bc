using Spindle.Core.Tenancy;

namespace Spindle.Core.Storage;

/// <summary>
/// The bytes of uploaded files, by tenant and file id. The default implementation is a directory under
/// <c>Spindle:Storage:DataDirectory</c>; the object store holds the file's metadata.
/// </summary>
/// <remarks>
/// Implementations stream: neither <see cref="PutAsync"/> nor <see cref="OpenAsync"/> holds a whole file in memory.
/// They are thread-safe. A blob is visible only once <see cref="PutAsync"/> has completed, so a failed or cancelled
/// upload never leaves a partial blob behind. Ids are <c>file-</c> ids; anything else is rejected.
/// </remarks>
public interface IBlobStore
{
    /// <summary>Copies <paramref name="content"/> to the end into a new blob and returns the number of bytes written.</summary>
    /// <exception cref="IOException">A blob with this id already exists for the tenant.</exception>
    Task<long> PutAsync(TenantId tenant, string fileId, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a blob for reading, or returns null when it does not exist for this tenant. The caller disposes the stream.</summary>
    Task<Stream?> OpenAsync(TenantId tenant, string fileId, CancellationToken cancellationToken);

    /// <summary>Removes a blob; a missing blob is not an error.</summary>
    /// <returns>False when there was nothing to delete.</returns>
    Task<bool> DeleteAsync(TenantId tenant, string fileId, CancellationToken cancellationToken);
}

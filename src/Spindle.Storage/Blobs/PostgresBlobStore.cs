using Npgsql;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;

namespace Spindle.Storage.Blobs;

/// <summary>
/// File bytes in PostgreSQL (<c>blob_parts</c>), so every node sharing the database reads every file. An upload is
/// written in parts of 1 MiB inside one transaction, so a failed upload leaves nothing behind; a read fetches one part
/// at a time, so neither holds a whole file in memory. An upload is received before a connection is taken (the first
/// part in memory, the rest in a temporary file), so a slow client never holds one of the node's few connections.
/// </summary>
internal sealed class PostgresBlobStore(NpgsqlDataSource dataSource) : IBlobStore
{
    public const int PartBytes = 1024 * 1024;

    public async Task<long> PutAsync(TenantId tenant, string fileId, Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[PartBytes];
        var read = await content.ReadAtLeastAsync(buffer, PartBytes, throwOnEndOfStream: false, cancellationToken);
        await using var rest = read < PartBytes ? Stream.Null : await SpoolAsync(content, cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long total = 0;
        for (var part = 0; read > 0 || part == 0; part++)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO blob_parts (tenant, file_id, part, data) VALUES (@tenant, @file_id, @part, @data)", connection, transaction);
            insert.Parameters.AddWithValue("@tenant", tenant.Value);
            insert.Parameters.AddWithValue("@file_id", fileId);
            insert.Parameters.AddWithValue("@part", part);
            insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("@data", buffer.AsMemory(0, read)));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new IOException($"A blob with id {fileId} already exists.", e);
            }

            total += read;
            read = read < PartBytes ? 0 : await rest.ReadAtLeastAsync(buffer, PartBytes, throwOnEndOfStream: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return total;
    }

    /// <summary>The rest of an upload, in a temporary file that is deleted when closed, read from its start.</summary>
    private static async Task<Stream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"spindle-upload-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await content.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public async Task<Stream?> OpenAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM blob_parts WHERE tenant = @tenant AND file_id = @file_id");
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        command.Parameters.AddWithValue("@file_id", fileId);
        var parts = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return parts == 0 ? null : new PartStream(dataSource, tenant, fileId, (int)parts);
    }

    public async Task<bool> DeleteAsync(TenantId tenant, string fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM blob_parts WHERE tenant = @tenant AND file_id = @file_id");
        command.Parameters.AddWithValue("@tenant", tenant.Value);
        command.Parameters.AddWithValue("@file_id", fileId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Reads a blob forwards, one part per query.</summary>
    private sealed class PartStream(NpgsqlDataSource dataSource, TenantId tenant, string fileId, int parts) : Stream
    {
        private byte[] _current = [];
        private int _offset;
        private int _next;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_offset == _current.Length)
            {
                if (_next == parts)
                {
                    return 0;
                }

                await using var command = dataSource.CreateCommand("SELECT data FROM blob_parts WHERE tenant = @tenant AND file_id = @file_id AND part = @part");
                command.Parameters.AddWithValue("@tenant", tenant.Value);
                command.Parameters.AddWithValue("@file_id", fileId);
                command.Parameters.AddWithValue("@part", _next++);
                _current = (byte[]?)await command.ExecuteScalarAsync(cancellationToken) ?? throw new IOException($"Part {_next - 1} of blob {fileId} is missing.");
                _offset = 0;
            }

            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsMemory(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

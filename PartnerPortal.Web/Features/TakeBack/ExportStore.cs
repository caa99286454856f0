using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// Where export zips live: in the database, cut into <see cref="ChunkSize"/> rows of CustomerExportChunks.
/// <para>
/// DESIGN: the database rather than a shared folder. Every node reads it with the connection it already has (no
/// folder to mount and configure on each node, nothing to clean up beside the rows), it is in the backups with the data
/// it was built from, and the retention job removes it with one DELETE. A 2-million-event export is some 100 MB of
/// chunks; SQL Server's varbinary(max) and SQLite's BLOB both hold 1 MiB rows well.
/// </para>
/// </summary>
public static class ExportStore
{
    public const int ChunkSize = 1024 * 1024;

    /// <summary>The chunks of an export in order, one row in memory at a time, onto <paramref name="target"/>.</summary>
    public static async Task CopyToAsync(PortalDbFactory dbFactory, Guid exportId, int chunks, Stream target, CancellationToken ct)
    {
        for (var index = 0; index < chunks; index++)
        {
            await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
            var data = await db.CustomerExportChunks.AsNoTracking().Where(c => c.ExportId == exportId && c.Index == index)
                .Select(c => c.Data).SingleAsync(ct);
            await target.WriteAsync(data, ct);
        }
    }
}

/// <summary>The export stopped being Running while it was built (the anonymisation expired it): its output is dropped.</summary>
public sealed class ExportWithdrawnException(Guid exportId) : Exception($"Export {exportId} was withdrawn while it was built.");

/// <summary>
/// The write-only, forward-only stream both export streams are: every write ends in <see cref="Write(ReadOnlySpan{byte})"/>,
/// which counts and hashes the bytes (SHA-256) before <see cref="Accept"/> takes them.
/// </summary>
public abstract class HashingWriteStream : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public override long Length => _length;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    /// <summary>The SHA-256 of every byte written, lower-case hex (once: the hash starts again after it).</summary>
    public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <summary>Where the written bytes go.</summary>
    protected abstract void Accept(ReadOnlySpan<byte> buffer);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        _length += buffer.Length;
        Accept(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// A write-only stream that the zip is written into: it hashes and counts every byte and cuts the bytes into chunks; the
/// builder calls <see cref="DrainAsync"/> between pages so that full chunks go to the database and memory stays at a
/// chunk or two, whatever the size of the export. It writes for one <paramref name="attempt"/> of the build only.
/// </summary>
public sealed class ChunkedExportStream(PortalDbFactory dbFactory, Guid exportId, int attempt, TimeProvider clock) : HashingWriteStream
{
    private readonly Queue<byte[]> _full = new();
    private byte[] _buffer = new byte[ExportStore.ChunkSize];
    private int _used;

    public int Chunks { get; private set; }

    protected override void Accept(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, _buffer.Length - _used);
            buffer[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            buffer = buffer[n..];
            if (_used == _buffer.Length)
            {
                _full.Enqueue(_buffer);
                _buffer = new byte[ExportStore.ChunkSize];
                _used = 0;
            }
        }
    }

    /// <summary>Stores the full chunks written so far.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (_full.TryDequeue(out var data)) await StoreAsync(data, ct);
    }

    /// <summary>Stores everything, the last partial chunk too; answers the SHA-256 of all bytes.</summary>
    public async Task<string> CompleteAsync(CancellationToken ct)
    {
        await DrainAsync(ct);
        if (_used > 0) await StoreAsync(_buffer.AsSpan(0, _used).ToArray(), ct);
        _used = 0;
        return HashHex();
    }

    /// <summary>
    /// Stores one chunk, if the export is still running in this attempt: an export withdrawn meanwhile (its customer
    /// anonymised, its chunks removed) or restarted by the recovery job gets no new ones from this build, which stops
    /// with <see cref="ExportWithdrawnException"/>. The check writes the heartbeat in the same transaction as the chunk,
    /// so it holds the row: a restart or an anonymisation comes wholly before or wholly after the chunk.
    /// </summary>
    private async Task StoreAsync(byte[] data, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = await db.CustomerExports.Where(x => x.Id == exportId && x.Status == ExportStatus.Running && x.Attempt == attempt)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.HeartbeatAtUtc, now), ct);
        if (mine == 0) throw new ExportWithdrawnException(exportId);
        db.CustomerExportChunks.Add(new CustomerExportChunkRecord { ExportId = exportId, Index = Chunks, Data = data });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Chunks++;
    }
}

/// <summary>Counts and hashes what passes through to an inner stream (one zip entry), without buffering it.</summary>
public sealed class HashingStream(Stream inner) : HashingWriteStream
{
    protected override void Accept(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

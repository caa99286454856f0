namespace PartnerPortal.Web.Features.TakeBack;

public enum ExportStatus
{
    Queued,
    Running,
    Ready,
    Failed,
    Expired,
}

/// <summary>
/// One requested data export of a customer (data take-back). While it is queued or running <see cref="ActiveCustomerId"/>
/// holds the customer's id under a unique index: of two simultaneous requests one inserts, the other finds the running
/// export and answers it (no read-then-write race). When the export ends the column is cleared.
/// <para>
/// The zip itself lives in the database as <see cref="CustomerExportChunkRecord"/> rows (DESIGN: every node can read it,
/// no shared folder to configure, and it is backed up with the data it was built from).
/// </para>
/// </summary>
public sealed class CustomerExportRecord
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>The customer's id while the export is queued or running, else null (unique: one running export per customer).</summary>
    public Guid? ActiveCustomerId { get; set; }
    public ExportStatus Status { get; set; }
    public int Progress { get; set; }
    public DateTime RequestedAtUtc { get; set; }
    public string RequestedBy { get; set; } = string.Empty;
    public DateTime? StartedAtUtc { get; set; }
    /// <summary>How many times a job started building it (a restart after a stall is a new attempt; see <see cref="ExportJobs"/>).</summary>
    public int Attempt { get; set; }
    /// <summary>
    /// While queued: when it was queued (or queued again); while running: the last sign of life of its build (every stored
    /// chunk and progress step). The recovery job reads it to find exports a lost job or a dead process left.
    /// </summary>
    public DateTime? HeartbeatAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    /// <summary>When the file is removed (finish + <c>Portal:Exports:Retention</c>).</summary>
    public DateTime? ExpiresAtUtc { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>SHA-256 of the whole zip, lower-case hex.</summary>
    public string? Sha256 { get; set; }
    public long UsageEvents { get; set; }
    public int Chunks { get; set; }
    public string? Error { get; set; }
    public int Downloads { get; set; }
}

/// <summary>A piece of an export's zip, in order of <see cref="Index"/>; at most <see cref="ExportStore.ChunkSize"/> bytes.</summary>
public sealed class CustomerExportChunkRecord
{
    public Guid ExportId { get; set; }
    public int Index { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>
/// A customer's notice to leave (EU Data Act switching) with its timeline, one row per customer. A withdrawn notice keeps
/// its row (with <see cref="WithdrawnAtUtc"/>) until a new notice replaces it; once anonymised the row stays as the record.
/// </summary>
public sealed class CustomerSwitchRecord
{
    public Guid CustomerId { get; set; }
    public DateOnly NoticeDate { get; set; }
    public DateOnly TransitionEndsExclusive { get; set; }
    public DateOnly RetrievalEndsExclusive { get; set; }
    public DateTime RecordedAtUtc { get; set; }
    public string RecordedBy { get; set; } = string.Empty;
    public string? Reason { get; set; }
    public DateTime? WithdrawnAtUtc { get; set; }
    public string? WithdrawnBy { get; set; }
    public DateTime? AnonymisedAtUtc { get; set; }
}

namespace PartnerPortal.Web.Features.Onboarding;

/// <summary>
/// A CSV file a distributor imported. The SHA-256 of its bytes is unique per distributor, so the same file never
/// invites anybody twice, however often it is uploaded or confirmed.
/// </summary>
public sealed class PartnerImport
{
    private PartnerImport()
    {
        ContentSha256 = FileName = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DistributorPartnerId { get; private set; }
    public string ContentSha256 { get; private set; }
    public string FileName { get; private set; }
    public int Invited { get; private set; }
    public int Skipped { get; private set; }
    public string? UserId { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public static PartnerImport Create(Guid distributorPartnerId, string contentSha256, string fileName, int invited, int skipped, string? userId, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        DistributorPartnerId = distributorPartnerId,
        ContentSha256 = contentSha256,
        FileName = fileName.Length > 200 ? fileName[..200] : fileName,
        Invited = invited,
        Skipped = skipped,
        UserId = userId,
        CreatedAtUtc = nowUtc,
    };
}

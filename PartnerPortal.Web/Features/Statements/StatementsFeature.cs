using MudBlazor;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Statements;

/// <summary>
/// Statements for every partner kind and the operator: list, detail, the chain behind a line, an ISV's revenue per app,
/// and the statement as CSV or PDF (the API answers the same files on the statement's path, see SettlementEndpoints).
/// </summary>
public sealed class StatementsFeature : IPortalFeature
{
    /// <summary>The pages' download: cookie-authenticated, the same tenancy as the JSON (another partner's: 404).</summary>
    public static string DownloadHref(Guid partnerId, string period, StatementFormat format, string language) =>
        $"/statements/{partnerId}/{period}/download/{format.ToString().ToLowerInvariant()}?lang={language}";

    public void AddServices(IServiceCollection services, PortalSettings settings) =>
        services.AddScoped<StatementPages>().AddScoped<StatementDocuments>()
            .AddSingleton(sp => OperatorDetails.From(sp.GetRequiredService<IConfiguration>()));

    public void MapPageEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/statements/{partnerId:guid}/{period}/download/{format}", async (Guid partnerId, string period, string format, string? lang,
                StatementDocuments documents, CancellationToken ct) =>
            {
                if (!Enum.TryParse<StatementFormat>(format, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                    throw RequestRejectedException.Invalid("format", "format is csv or pdf.");
                var culture = lang is null ? System.Globalization.CultureInfo.CurrentUICulture : StatementDocuments.CultureFor(lang);
                var file = await documents.RenderAsync(partnerId, period, kind, StatementDocuments.CultureFor(culture.Name), ct);
                return TypedResults.File(file.Bytes, file.ContentType, file.FileName);
            })
            .RequireAuthorization()
            .AddEndpointFilter<ApiExceptionFilter>()
            .ExcludeFromDescription();

    /// <summary>After the operator's settlement pages (310): partners find their statements next to their customers.</summary>
    public IEnumerable<NavEntry> Navigation =>
    [
        new("/statements", "Nav.Statements", Icons.Material.Filled.ReceiptLong,
            [PortalRoles.Operator, PortalRoles.Reseller, PortalRoles.Distributor, PortalRoles.Isv], 320),
    ];
}

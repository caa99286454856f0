namespace PartnerPortal.Web.Features.TakeBack;

public static class TakeBackEndpoints
{
    public static RouteGroupBuilder MapTakeBackEndpoints(this RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/customers/{id:guid}/exports").WithTags("Data take-back");
        exports.MapPost("", async (Guid id, TakeBackService service, CancellationToken ct) =>
        {
            var export = await service.RequestExportAsync(id, ct);
            return TypedResults.Accepted($"/api/v1/customers/{id}/exports/{export.Id}", export);
        }).WithSummary("The customer, its partner or the operator: builds a zip of the customer's data on the job servers (202). While one runs, that one is answered.");
        exports.MapGet("", async (Guid id, int? page, int? pageSize, TakeBackService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListExportsAsync(id, page, pageSize, ct)))
            .WithSummary("The customer's exports, newest first.");
        exports.MapGet("/{exportId:guid}", async (Guid id, Guid exportId, TakeBackService service, CancellationToken ct) =>
                TypedResults.Ok(await service.GetExportAsync(id, exportId, ct)))
            .WithSummary("An export: status (Queued, Running, Ready, Failed, Expired), progress and, when ready, its download link.");
        exports.MapGet("/{exportId:guid}/download", async (Guid id, Guid exportId, TakeBackService service, HttpContext http, CancellationToken ct) =>
            {
                var (export, fileName) = await service.OpenDownloadAsync(id, exportId, ct);
                await WriteFileAsync(http, service, export, fileName, ct);
                return Results.Empty;
            })
            .WithSummary("The export's zip (JSON + CSV per data set, manifest.json with SHA-256 of every file). 404 for anybody who may not request it.");

        var switching = api.MapGroup("/customers/{id:guid}/switching").WithTags("Data take-back");
        switching.MapGet("", async (Guid id, TakeBackService service, CancellationToken ct) => TypedResults.Ok(await service.GetSwitchingAsync(id, ct)))
            .WithSummary("The customer's switching timeline (EU Data Act): notice, transitional period, data retrieval window, anonymisation.");
        switching.MapPost("", async (Guid id, GiveNoticeRequest request, TakeBackService service, CancellationToken ct) =>
        {
            var timeline = await service.GiveNoticeAsync(id, request, ct);
            return TypedResults.Created($"/api/v1/customers/{id}/switching", timeline);
        }).WithSummary("The customer, its partner or the operator records the customer's notice to leave (today); answers the timeline.");
        switching.MapDelete("", async (Guid id, TakeBackService service, CancellationToken ct) => TypedResults.Ok(await service.WithdrawNoticeAsync(id, ct)))
            .WithSummary("Withdraws the notice before the anonymisation; the customer stays.");
        return api;
    }

    /// <summary>The page's download link (signed in with the portal cookie); the same rule as the API's.</summary>
    public static void MapTakeBackPageEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/takeback/exports/{exportId:guid}", async (Guid exportId, TakeBackService service, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var (export, fileName) = await service.OpenDownloadAsync(null, exportId, ct);
                await WriteFileAsync(http, service, export, fileName, ct);
                return Results.Empty;
            }
            catch (Api.RequestRejectedException ex) when (ex.Status == StatusCodes.Status404NotFound)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization().ExcludeFromDescription();

    private static async Task WriteFileAsync(HttpContext http, TakeBackService service, CustomerExportRecord export, string fileName, CancellationToken ct)
    {
        http.Response.ContentType = "application/zip";
        http.Response.ContentLength = export.SizeBytes;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.Headers.CacheControl = "no-store";
        await service.CopyFileAsync(export, http.Response.Body, ct);
    }
}

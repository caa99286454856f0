using Microsoft.AspNetCore.Http.HttpResults;
using PartnerPortal.Web.Features.Statements;

namespace PartnerPortal.Web.Features.Settlement;

public static class SettlementEndpoints
{
    /// <summary>On the payment file: how many approved statements with a positive total it cannot pay (GET …/payouts lists them).</summary>
    public const string NotPayableHeader = "X-Not-Payable";

    /// <summary>On the payment file: its message id (<c>MsgId</c>), unique per file.</summary>
    public const string MessageIdHeader = "X-Message-Id";

    public static RouteGroupBuilder MapSettlementEndpoints(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/settlements").WithTags("Settlement");
        runs.MapPost("", async (StartSettlementRequest request, SettlementService service, CancellationToken ct) =>
        {
            var run = await service.StartAsync(request, ct);
            return TypedResults.Accepted($"/api/v1/settlements/{run.Period}", run);
        }).WithSummary("Operator: settles an ended period on the job servers (202). Again for the same period: its drafts are replaced by the same result; approved periods never change.");
        runs.MapGet("", async (int? page, int? pageSize, SettlementService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(page, pageSize, ct)))
            .WithSummary("Operator: every settled period with status and totals, newest first.");
        runs.MapGet("/{period}", async (string period, SettlementService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(period, ct)))
            .WithSummary("Operator: a period's run: Running (with progress), Draft, Approved or Failed, and its totals.");
        runs.MapPost("/{period}/approve", async (string period, SettlementService service, CancellationToken ct) => TypedResults.Ok(await service.ApproveAsync(period, ct)))
            .WithSummary("Operator: the period's statements become Approved (or CarriedForward); later corrections become adjustments.");
        runs.MapGet("/{period}/payments", async (string period, string? executionDate, PayoutService service, HttpContext http, CancellationToken ct) =>
            {
                var file = await service.WriteFileAsync(period, executionDate, ct);
                // The file pays only what it can: the headers say how many approved statements it left out and where they are listed.
                http.Response.Headers[NotPayableHeader] = file.NotPayable.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers[MessageIdHeader] = file.MessageId;
                http.Response.Headers.Link = $"</api/v1/settlements/{period}/payouts>; rel=\"payouts\"";
                return TypedResults.File(file.Content, "application/xml", file.FileName);
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .WithSummary("Operator: the SEPA pain.001.001.09 file of the period's approved, unpaid statements with a positive total " +
                         "(one transaction each, end-to-end id = statement number). Header X-Not-Payable: approved statements it cannot pay " +
                         "(no IBAN, not in euros), listed by GET …/payouts. ?executionDate=yyyy-MM-dd, default today.");
        runs.MapGet("/{period}/payouts", async (string period, PayoutService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(period, ct)))
            .WithSummary("Operator: the approved period's payouts: payable (what the payment file pays), notPayable with a reason (noIban, currency), " +
                         "paid, and accountProblems (what to set in Portal:Payouts before a file can be written).");

        var statements = api.MapGroup("/partners/{id:guid}/statements").WithTags("Settlement");
        statements.MapGet("", async (Guid id, int? page, int? pageSize, SettlementService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListStatementsAsync(id, page, pageSize, ct)))
            .WithSummary("The partner's statements, newest first: {period, status, total, number}.");
        statements.MapGet("/{period}", async Task<Results<Ok<StatementDto>, FileContentHttpResult>> (Guid id, string period, HttpRequest request,
                SettlementService service, IServiceProvider services, CancellationToken ct) =>
            {
                var statement = await service.GetStatementAsync(id, period, ct);
                if (StatementDocuments.FormatFromAccept(request.Headers.Accept) is not { } format) return TypedResults.Ok(statement);
                var culture = StatementDocuments.CultureFromAcceptLanguage(request.Headers.AcceptLanguage);
                var file = await services.GetRequiredService<StatementDocuments>().RenderAsync(id, period, format, culture, ct);
                return TypedResults.File(file.Bytes, file.ContentType, file.FileName);
            })
            .Produces(StatusCodes.Status200OK, contentType: StatementDocuments.CsvType, additionalContentTypes: [StatementDocuments.PdfType])
            .WithSummary("A statement with its lines: {status, total, lines:[{customerId, subscriptionId, revenue, rate, amount, kind}]}. " +
                         "With Accept: text/csv or application/pdf the statement as a file, German or English by Accept-Language.");
        statements.MapPost("/{period}/pay", async (Guid id, string period, PayStatementRequest request, SettlementService service, CancellationToken ct) =>
                TypedResults.Ok(await service.PayAsync(id, period, request, ct)))
            .WithSummary("Operator: an approved statement with a positive total is marked Paid with the transfer's reference.");
        var credits = api.MapGroup("/credits").WithTags("Settlement");
        credits.MapPost("", async (CreateCreditRequest request, CreditService service, CancellationToken ct) =>
        {
            var credit = await service.CreateAsync(request, ct);
            return TypedResults.Created($"/api/v1/credits/{credit.Id}", credit);
        }).WithSummary("Operator: a credit {subscriptionId, period, amount, reason} on an approved period, settled as adjustments in the next open period.");
        credits.MapGet("", async (int? page, int? pageSize, CreditService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(page, pageSize, ct)))
            .WithSummary("Operator: the credits granted, newest first.");
        credits.MapGet("/{id:guid}", async (Guid id, CreditService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("Operator: one credit and the period that settled it.");
        return api;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.OpenApi;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Localization;

namespace PartnerPortal.Web.Features.Onboarding;

/// <summary>What one row of the file would do (<c>invite</c> or <c>skip</c>) and why not: the values of a readable row, its errors.</summary>
public sealed record ImportRowDto(int Row, string Action, string? Name, string? Email, string? Kind, string? Country, string? VatId, IReadOnlyList<ImportRowErrorDto> Errors);

/// <summary>A row's problem: the column (API name), a stable code (<c>InvalidEmail</c>, <c>AlreadyInvited</c>, …) and a sentence.</summary>
public sealed record ImportRowErrorDto(string Field, string Code, string Message);

/// <summary>
/// The check of a file, nothing written. <c>previewId</c> is the file's SHA-256: confirming the same bytes imports
/// exactly this (a changed file is refused when the confirm names the preview id); <c>importId</c> is set when this
/// distributor imported the file already.
/// </summary>
public sealed record ImportPreviewDto(
    string PreviewId, string Encoding, string Delimiter, int Rows, int ToInvite, int Skipped, DateTime? AlreadyImportedAtUtc, Guid? ImportId,
    IReadOnlyList<ImportRowDto> Results);

/// <summary>An import: the file's record and the invitations it made. A repeated confirm answers the same.</summary>
public sealed record ImportDto(Guid Id, string PreviewId, string FileName, int Invited, int Skipped, DateTime CreatedAtUtc, IReadOnlyList<InvitationDto> Invitations);

public sealed record ImportSummaryDto(Guid Id, string PreviewId, string FileName, int Invited, int Skipped, DateTime CreatedAtUtc);

/// <summary>
/// <c>POST /api/v1/partners/imports</c>: the CSV import of the page (<see cref="PartnerImportPage"/>) for a distributor's
/// system, through the same <see cref="OnboardingService"/> parse, check and commit. The body is the file itself
/// (<c>text/csv</c>, any of the encodings and separators the page takes) or a multipart form with one file.
/// </summary>
public static class PartnerImportApi
{
    public static RouteGroupBuilder MapPartnerImportEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/imports", async Task<Results<Ok<ImportPreviewDto>, Created<ImportDto>, Ok<ImportDto>>> (
                bool? confirm, string? previewId, string? fileName, HttpRequest http, OnboardingService service, IStringLocalizer<SharedResource> texts,
                CancellationToken ct) =>
            {
                var (content, name) = await ReadFileAsync(http, fileName, ct);
                var preview = await service.PreviewImportAsync(content, ct);
                if (preview.Parse.FileError is { } error) throw FileRejected(error, preview.Parse.FileErrorDetail, texts, http);
                if (confirm != true) return TypedResults.Ok(ToDto(preview, texts, http));

                if (!string.IsNullOrWhiteSpace(previewId) && !string.Equals(previewId.Trim(), preview.ContentSha256, StringComparison.OrdinalIgnoreCase))
                    throw RequestRejectedException.Conflict("The file is not the one previewed (its SHA-256 differs from previewId); nobody was invited.", "previewId");
                var outcome = await service.ConfirmImportAsync(content, name, ct);
                var import = await ReadAsync(service, outcome.ImportId, ct);
                return outcome.AlreadyImported
                    ? TypedResults.Ok(import)
                    : TypedResults.Created($"/api/v1/partners/imports/{import.Id}", import);
            })
            // The body is read by hand (any content type: a distributor's system sends what its CSV library sends), so the
            // document is told about it here; Accepts metadata would refuse other content types with 415 before the tenancy check.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The CSV file itself, or a multipart form with one file.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Imports a distributor's CSV list of resellers and system integrators to invite (Firma/Name, E-Mail, Art/Kind, Land/Country, " +
                         "USt-IdNr/VatId; ';' or ',', UTF-8 or Windows-1252, at most 1 MB and 1000 rows). Without confirm: the check of every row, " +
                         "nothing written (200). With confirm=true: invites the rows the check marks 'invite' in one transaction (201); the same file " +
                         "again answers that import (200) and invites nobody twice. Optional previewId (from the check) refuses a changed file.");

        group.MapGet("/imports", async (int? page, int? pageSize, OnboardingService service, CancellationToken ct) =>
            {
                var paged = await service.ListImportsAsync(page, pageSize, ct);
                return TypedResults.Ok(new Paged<ImportSummaryDto>(paged.Items.Select(i => new ImportSummaryDto(i.Id, i.ContentSha256, i.FileName, i.Invited, i.Skipped, i.CreatedAtUtc)).ToList(),
                    paged.Page, paged.PageSize, paged.Total));
            })
            .WithSummary("The partner imports the caller may see (a distributor: its own; the operator: all), newest first.");

        group.MapGet("/imports/{id:guid}", async (Guid id, OnboardingService service, CancellationToken ct) => TypedResults.Ok(await ReadAsync(service, id, ct)))
            .WithSummary("One import with the invitations it made.");
        return group;
    }

    private static async Task<ImportDto> ReadAsync(OnboardingService service, Guid id, CancellationToken ct)
    {
        var (import, invitations) = await service.GetImportAsync(id, ct);
        return new ImportDto(import.Id, import.ContentSha256, import.FileName, import.Invited, import.Skipped, import.CreatedAtUtc, invitations);
    }

    /// <summary>The body (or a form's first file), read up to one byte past the limit so that a larger file is refused unread.</summary>
    private static async Task<(byte[] Content, string FileName)> ReadFileAsync(HttpRequest http, string? fileName, CancellationToken ct)
    {
        Stream source;
        var name = fileName;
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            var file = form.Files.Count > 0 ? form.Files[0] : throw RequestRejectedException.Invalid("file", "The form has no file.");
            if (file.Length > PartnerCsvParser.MaxBytes) throw TooLarge();
            name ??= file.FileName;
            source = file.OpenReadStream();
        }
        else
        {
            if (http.ContentLength > PartnerCsvParser.MaxBytes) throw TooLarge();
            source = http.Body;
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > PartnerCsvParser.MaxBytes) throw TooLarge();
            }
            name = string.IsNullOrWhiteSpace(name) ? "api-import.csv" : Path.GetFileName(name.Trim());
            return (buffer.ToArray(), name);
        }
    }

    private static RequestRejectedException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "The file is larger than 1 MB; nobody was invited.",
            [new FieldError("file", "The file is larger than 1 MB; nobody was invited.")]);

    private static RequestRejectedException FileRejected(string code, string? detail, IStringLocalizer<SharedResource> texts, HttpRequest http)
    {
        if (code == PartnerCsvParser.FileTooLarge) return TooLarge();
        var message = Text(texts, http, $"Onboarding.Csv.{code}", detail ?? "");
        return new RequestRejectedException(StatusCodes.Status400BadRequest, message, [new FieldError("file", $"{code}: {message}")]);
    }

    /// <summary>Every row once, in file order: readable rows with their values, rows with problems with every problem.</summary>
    private static ImportPreviewDto ToDto(ImportPreview preview, IStringLocalizer<SharedResource> texts, HttpRequest http)
    {
        var valid = preview.Parse.ValidRows.ToDictionary(r => r.Row);
        var invite = preview.ToInvite.Select(r => r.Row).ToHashSet();
        var problems = preview.Problems.ToLookup(p => p.Row);
        var results = valid.Keys.Concat(problems.Select(g => g.Key)).Distinct().Order().Select(row =>
        {
            var values = valid.GetValueOrDefault(row);
            var errors = problems[row].Select(p => new ImportRowErrorDto(p.Field, p.Code,
                Text(texts, http, $"Onboarding.Csv.{p.Code}", p.Detail))).ToList();
            return new ImportRowDto(row, invite.Contains(row) ? "invite" : "skip", values?.Name, values?.Email, values?.Kind.ToString(), values?.Country, values?.VatId, errors);
        }).ToList();
        return new ImportPreviewDto(preview.ContentSha256, preview.Parse.EncodingName, preview.Parse.Delimiter == '\t' ? "\t" : preview.Parse.Delimiter.ToString(),
            preview.Parse.DataRows, preview.ToInvite.Count, preview.Parse.DataRows - preview.ToInvite.Count, preview.AlreadyImportedAtUtc, preview.ImportId, results);
    }

    /// <summary>The page's text for a code, in German when the request asks for it (Accept-Language), else in English as the rest of the API.</summary>
    private static string Text(IStringLocalizer<SharedResource> texts, HttpRequest http, string key, string detail)
    {
        var german = http.Headers.AcceptLanguage.ToString().StartsWith("de", StringComparison.OrdinalIgnoreCase);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(german ? "de-DE" : "en-US");
        try
        {
            return string.Format(CultureInfo.CurrentCulture, texts[key].Value, detail);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

using Microsoft.Extensions.Localization;

namespace PartnerPortal.Web.Features.Statements;

public static class StatementText
{
    /// <summary>A line's kind as people read it; an adjustment names the period it corrects, a carry-forward the period it carries.</summary>
    public static string Kind(IStringLocalizer localizer, StatementLineView line) =>
        line.RefersToPeriod is { } period
            ? string.Format(localizer[$"Statements.KindOf.{line.Kind}"], period)
            : localizer[$"Statements.Kind.{line.Kind}"];
}

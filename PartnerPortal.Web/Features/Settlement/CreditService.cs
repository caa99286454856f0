using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary><c>POST /api/v1/credits</c> (DESIGN §8).</summary>
public sealed record CreateCreditRequest(Guid? SubscriptionId, string? Period, decimal? Amount, string? Reason);

public sealed record CreditDto(Guid Id, Guid SubscriptionId, Guid CustomerId, string Period, decimal Amount, string Currency, string Reason, DateTime CreatedAt,
    string CreatedBy, string? SettledInPeriod);

/// <summary>
/// Credits on approved periods: the operator grants one (audited); the next open period's settlement turns it into
/// adjustment lines — less revenue, less platform fee, the commission and override on it clawed back.
/// </summary>
public sealed class CreditService(PortalDbFactory dbFactory, TimeProvider clock)
{
    public async Task<CreditDto> CreateAsync(CreateCreditRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator grants credits.");
        var errors = new List<FieldError>();
        if (request.SubscriptionId is null) errors.Add(new("subscriptionId", "subscriptionId is required."));
        if (!Domain.Periods.Period.TryParse(request.Period, out var period)) errors.Add(new("period", "period is required: yyyy-MM, e.g. 2026-10."));
        if (request.Amount is not { } amount || amount <= 0m) errors.Add(new("amount", "amount must be above zero (the revenue to take back)."));
        else if (decimal.Round(amount, 2) != amount) errors.Add(new("amount", "amount is in cents: two decimals at most."));
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 1000) errors.Add(new("reason", "reason is required (1 to 1000 characters)."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        // Check and write as one: two credits at the same time must not both fit into what is left of the revenue. The
        // transaction writes the revenue line first (a no-op update) — SQLite then holds the database's write lock and
        // SQL Server the line's row lock until the credit is saved, so a second credit of the same line waits and sums
        // the first one in.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.RevenueLines.Where(l => l.Period == period && l.SubscriptionId == request.SubscriptionId)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.RevenueCents, l => l.RevenueCents), ct);
        var status = await db.SettlementRuns.Where(r => r.Period == period).Select(r => (SettlementStatus?)r.Status).SingleOrDefaultAsync(ct);
        if (status != SettlementStatus.Approved)
            throw RequestRejectedException.Invalid("period", $"{period} is not an approved period; a credit corrects an approved period (a draft is simply settled again).");
        var line = await db.RevenueLines.AsNoTracking().Where(l => l.Period == period && l.SubscriptionId == request.SubscriptionId)
            .Select(l => new { l.RevenueCents, l.Currency, l.CustomerId, l.ContractPartnerId }).SingleOrDefaultAsync(ct);
        if (line is null)
        {
            var exists = await db.Subscriptions.AnyAsync(s => s.Id == request.SubscriptionId, ct);
            throw RequestRejectedException.Invalid("subscriptionId", exists
                ? $"The subscription has no revenue in {period}."
                : "The subscription does not exist.");
        }
        var credited = await db.Credits.Where(c => c.SubscriptionId == request.SubscriptionId && c.Period == period).SumAsync(c => (long?)c.AmountCents, ct) ?? 0;
        var cents = new Money(request.Amount!.Value, line.Currency).ToMinorUnits();
        var available = line.RevenueCents - credited;
        if (cents > available)
            throw RequestRejectedException.Invalid("amount",
                $"amount {Money.FromMinorUnits(cents, line.Currency)} is more than the subscription's revenue of {period} not yet credited ({Money.FromMinorUnits(Math.Max(0, available), line.Currency)}).");

        var now = clock.GetUtcNow().UtcDateTime;
        var credit = new CreditRecord
        {
            Id = Guid.NewGuid(), SubscriptionId = request.SubscriptionId!.Value, CustomerId = line.CustomerId, Period = period, AmountCents = cents,
            Currency = line.Currency, Reason = request.Reason!.Trim(), CreatedAtUtc = now, CreatedBy = db.Tenant.ActorName,
        };
        db.Credits.Add(credit);
        Audit.Audit.Record(db, db.Tenant, now, "credit.granted", $"subscription {credit.SubscriptionId}", line.ContractPartnerId,
            $"{Money.FromMinorUnits(cents, line.Currency)} on {period}: {credit.Reason}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ToDto(credit);
    }

    public async Task<CreditDto> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return ToDto(await db.Credits.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw RequestRejectedException.NotFound("The credit"));
    }

    public async Task<Paged<CreditDto>> ListAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var total = await db.Credits.CountAsync(ct);
        var items = await db.Credits.AsNoTracking().OrderByDescending(c => c.CreatedAtUtc).ThenBy(c => c.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<CreditDto>(items.Select(ToDto).ToList(), p, size, total);
    }

    private static CreditDto ToDto(CreditRecord c) => new(c.Id, c.SubscriptionId, c.CustomerId, c.Period.ToString(), Money.FromMinorUnits(c.AmountCents, c.Currency).Amount,
        c.Currency, c.Reason, c.CreatedAtUtc, c.CreatedBy, c.SettledInPeriod?.ToString());
}

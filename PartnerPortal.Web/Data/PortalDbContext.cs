using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.ApiKeys;
using PartnerPortal.Web.Features.Audit;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Data;

/// <summary>
/// The one model of the portal. Each provider has its own subclass (and so its own migrations set):
/// <see cref="SqlitePortalDbContext"/> and <see cref="SqlServerPortalDbContext"/>.
/// <para>
/// TENANCY lives here and only here: every partner- or customer-owned entity has a global query filter over
/// <see cref="Tenant"/>, so a query that forgets a <c>Where</c> still returns only the caller's rows. A context
/// starts as <see cref="Tenant.Nobody"/> (sees nothing); <see cref="PortalDbFactory"/> sets the caller.
/// </para>
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public Tenant Tenant { get; set; } = Tenant.Nobody;

    // The query filters read these members of the context; EF Core evaluates them per context instance.
    private bool TenantSeesAll => Tenant.SeesAll;
    private Guid TenantPartnerId => Tenant.PartnerId ?? Guid.Empty;
    private Guid TenantCustomerId => Tenant.CustomerId ?? Guid.Empty;
    private bool TenantKnown => Tenant.Scope != TenantScope.Nobody;

    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerAttribution> CustomerAttributions => Set<CustomerAttribution>();
    public DbSet<App> Apps => Set<App>();
    public DbSet<AppCategory> AppCategories => Set<AppCategory>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<PartnerService> PartnerServices => Set<PartnerService>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<UsageEventRecord> UsageEvents => Set<UsageEventRecord>();
    public DbSet<UsageAggregateRecord> UsageAggregates => Set<UsageAggregateRecord>();
    public DbSet<UsageUniqueValue> UsageUniqueValues => Set<UsageUniqueValue>();
    public DbSet<UsageEventRunRecord> UsageEventRuns => Set<UsageEventRunRecord>();
    public DbSet<UsageDailyRecord> UsageDaily => Set<UsageDailyRecord>();
    public DbSet<UsageRejectionRecord> UsageRejections => Set<UsageRejectionRecord>();
    public DbSet<UsageIngestCounter> UsageIngestCounters => Set<UsageIngestCounter>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PartnerInvitation> PartnerInvitations => Set<PartnerInvitation>();
    public DbSet<Features.Onboarding.PartnerImport> PartnerImports => Set<Features.Onboarding.PartnerImport>();
    public DbSet<CommissionPlan> CommissionPlans => Set<CommissionPlan>();
    public DbSet<CommissionPlanVersion> CommissionPlanVersions => Set<CommissionPlanVersion>();
    public DbSet<CommissionAssignment> CommissionAssignments => Set<CommissionAssignment>();
    public DbSet<SettlementRunRecord> SettlementRuns => Set<SettlementRunRecord>();
    public DbSet<SettlementBatchRecord> SettlementBatches => Set<SettlementBatchRecord>();
    public DbSet<RevenueLineRecord> RevenueLines => Set<RevenueLineRecord>();
    public DbSet<StatementRecord> Statements => Set<StatementRecord>();
    public DbSet<StatementLineRecord> StatementLines => Set<StatementLineRecord>();
    public DbSet<CreditRecord> Credits => Set<CreditRecord>();
    public DbSet<RevenueAdjustmentRecord> RevenueAdjustments => Set<RevenueAdjustmentRecord>();
    public DbSet<Features.Cockpit.EstimateRunRecord> EstimateRuns => Set<Features.Cockpit.EstimateRunRecord>();
    public DbSet<Features.Cockpit.PartnerEstimateRecord> PartnerEstimates => Set<Features.Cockpit.PartnerEstimateRecord>();
    public DbSet<Features.Cockpit.SubscriptionEstimateRecord> SubscriptionEstimates => Set<Features.Cockpit.SubscriptionEstimateRecord>();
    public DbSet<Features.TakeBack.CustomerExportRecord> CustomerExports => Set<Features.TakeBack.CustomerExportRecord>();
    public DbSet<Features.TakeBack.CustomerExportChunkRecord> CustomerExportChunks => Set<Features.TakeBack.CustomerExportChunkRecord>();
    public DbSet<Features.TakeBack.CustomerSwitchRecord> CustomerSwitches => Set<Features.TakeBack.CustomerSwitchRecord>();
    public DbSet<CustomerChargeRecord> CustomerCharges => Set<CustomerChargeRecord>();
    public DbSet<Domain.Integration.IntegrationRequest> IntegrationRequests => Set<Domain.Integration.IntegrationRequest>();
    public DbSet<Domain.Integration.IntegrationRequestEntry> IntegrationRequestEntries => Set<Domain.Integration.IntegrationRequestEntry>();
    public DbSet<Features.Simulation.PilotShareRecord> PilotShares => Set<Features.Simulation.PilotShareRecord>();
    public DbSet<Features.Simulation.PlanFeedbackRecord> PlanFeedback => Set<Features.Simulation.PlanFeedbackRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    /// <summary>A unique index that refuses a save throws <see cref="UniqueKeyViolationException"/>, naming the field (409 on the API).</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        catch (DbUpdateException ex) when (UniqueKeyViolations.Describe(ex, Model) is { } violation) { throw violation; }
    }

    /// <inheritdoc cref="SaveChanges(bool)"/>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
        catch (DbUpdateException ex) when (UniqueKeyViolations.Describe(ex, Model) is { } violation) { throw violation; }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // Rates and unit prices keep 10 decimal places (DESIGN §3); amounts are stored as long cents.
        configurationBuilder.Properties<decimal>().HavePrecision(28, 10);
        // A period is stored as the integer yyyymm (202611), the one form hand-written SQL binds too.
        configurationBuilder.Properties<Domain.Periods.Period>().HaveConversion<PeriodConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly, t => t.Namespace == typeof(PortalDbContext).Namespace + ".Configurations");
        ApplyTenancyFilters(builder);

        // One open attribution per customer: of two simultaneous moves one commits, the other fails and is told so
        // (two current partners would both earn the customer's commission). The filter's SQL is the provider's own.
        builder.Entity<CustomerAttribution>().HasIndex(a => a.CustomerId, "IX_CustomerAttributions_OneOpen").IsUnique()
            .HasFilter(Database.IsSqlServer() ? "[ToExclusive] IS NULL" : "\"ToExclusive\" IS NULL");
    }

    /// <summary>The one place that scopes every query to the caller's organisation (plus a distributor's downline).</summary>
    private void ApplyTenancyFilters(ModelBuilder builder)
    {
        // Partners: itself, a distributor's downline, a customer's partner; ISVs are public (the catalog names them).
        builder.Entity<Partner>().HasQueryFilter(p =>
            TenantSeesAll
            || p.Id == TenantPartnerId
            || p.ParentPartnerId == TenantPartnerId
            || (TenantKnown && p.Kind == PartnerKind.Isv && p.Status == PartnerStatus.Active)
            || CustomerAttributions.Any(a => a.CustomerId == TenantCustomerId && a.PartnerId == p.Id && a.ToExclusive == null));

        // Customers: the customer itself; the partner it is attributed to now, and that partner's distributor;
        // an ISV or service partner that is the contract partner of one of its subscriptions.
        builder.Entity<Customer>().HasQueryFilter(c =>
            TenantSeesAll
            || c.Id == TenantCustomerId
            || CustomerAttributions.Any(a => a.CustomerId == c.Id && a.ToExclusive == null
                && (a.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == a.PartnerId && p.ParentPartnerId == TenantPartnerId)))
            || Subscriptions.Any(s => s.CustomerId == c.Id && s.ContractPartnerId == TenantPartnerId));

        // Catalog: live and retired apps are public (a retired app's running subscriptions still name it); drafts belong
        // to their ISV. Plans follow their app or service.
        builder.Entity<App>().HasQueryFilter(a => TenantSeesAll || a.IsvPartnerId == TenantPartnerId
            || (TenantKnown && (a.Status == AppStatus.Live || a.Status == AppStatus.Retired)));
        // App categories are store data, public to every signed-in organisation (an app and a commission plan name one);
        // only a context that does not know who is calling sees none. Only the operator adds them (AppCategoryService).
        builder.Entity<AppCategory>().HasQueryFilter(_ => TenantKnown);
        builder.Entity<PartnerService>().HasQueryFilter(s =>
            TenantSeesAll || s.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == s.PartnerId && p.ParentPartnerId == TenantPartnerId)
            || Subscriptions.Any(x => x.PartnerServiceId == s.Id && x.CustomerId == TenantCustomerId));
        builder.Entity<Plan>().HasQueryFilter(p =>
            TenantSeesAll
            || (p.AppId != null && Apps.Any(a => a.Id == p.AppId))
            || (p.PartnerServiceId != null && PartnerServices.Any(s => s.Id == p.PartnerServiceId)));
        builder.Entity<PlanVersion>().HasQueryFilter(v => TenantSeesAll || Plans.Any(p => p.Id == v.PlanId));

        // Subscriptions: the contract partner (ISV or service partner), the customer, the customer's partner and
        // that partner's distributor. (Written over attributions, not Customers, so the two filters do not recurse.)
        builder.Entity<Subscription>().HasQueryFilter(s =>
            TenantSeesAll
            || s.ContractPartnerId == TenantPartnerId
            || s.CustomerId == TenantCustomerId
            || CustomerAttributions.Any(a => a.CustomerId == s.CustomerId && a.ToExclusive == null
                && (a.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == a.PartnerId && p.ParentPartnerId == TenantPartnerId))));

        // Usage follows its subscription.
        builder.Entity<UsageEventRecord>().HasQueryFilter(e => TenantSeesAll || e.IsvPartnerId == TenantPartnerId || Subscriptions.Any(s => s.Id == e.SubscriptionId));
        builder.Entity<UsageAggregateRecord>().HasQueryFilter(a => TenantSeesAll || Subscriptions.Any(s => s.Id == a.SubscriptionId));
        builder.Entity<UsageEventRunRecord>().HasQueryFilter(r => TenantSeesAll || Subscriptions.Any(s => s.Id == r.SubscriptionId));
        builder.Entity<UsageUniqueValue>().HasQueryFilter(u => TenantSeesAll || Subscriptions.Any(s => s.Id == u.SubscriptionId));
        builder.Entity<UsageDailyRecord>().HasQueryFilter(d => TenantSeesAll || Subscriptions.Any(s => s.Id == d.SubscriptionId));
        // The rejection log belongs to the ISV whose integration sent the events; ingest counters are the operator's.
        builder.Entity<UsageRejectionRecord>().HasQueryFilter(r => TenantSeesAll || r.IsvPartnerId == TenantPartnerId);
        builder.Entity<UsageIngestCounter>().HasQueryFilter(_ => TenantSeesAll);

        builder.Entity<PortalUser>().HasQueryFilter(u =>
            TenantSeesAll
            || (u.PartnerId != null && (u.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == u.PartnerId && p.ParentPartnerId == TenantPartnerId)))
            || (u.CustomerId != null && u.CustomerId == TenantCustomerId));

        builder.Entity<ApiKey>().HasQueryFilter(k =>
            TenantSeesAll
            || (k.PartnerId != null && k.PartnerId == TenantPartnerId)
            || (k.CustomerId != null && k.CustomerId == TenantCustomerId));

        builder.Entity<OutboxMessage>().HasQueryFilter(_ => TenantSeesAll);

        // Onboarding: an invitation is seen by the operator and by the invited partner's distributor; an import by its distributor.
        builder.Entity<PartnerInvitation>().HasQueryFilter(i =>
            TenantSeesAll || i.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == i.PartnerId && p.ParentPartnerId == TenantPartnerId));
        builder.Entity<Features.Onboarding.PartnerImport>().HasQueryFilter(i => TenantSeesAll || i.DistributorPartnerId == TenantPartnerId);

        // Commission plans: the operator's; a partner sees the plans assigned to it (and, below, its assignments and
        // those of its downline). Settlement runs and batches are the operator's.
        // A pilot partner also sees the Pilot candidates shared with the pilots (PilotShares is itself filtered to pilots).
        builder.Entity<CommissionPlan>().HasQueryFilter(p =>
            TenantSeesAll || CommissionAssignments.Any(a => a.CommissionPlanId == p.Id && a.PartnerId == TenantPartnerId)
            || (p.Status == CommissionPlanStatus.Pilot && PilotShares.Any(s => s.CommissionPlanId == p.Id)));
        builder.Entity<CommissionPlanVersion>().HasQueryFilter(v => TenantSeesAll || CommissionPlans.Any(p => p.Id == v.PlanId));
        builder.Entity<CommissionAssignment>().HasQueryFilter(a =>
            TenantSeesAll || a.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == a.PartnerId && p.ParentPartnerId == TenantPartnerId));
        builder.Entity<SettlementRunRecord>().HasQueryFilter(_ => TenantSeesAll);
        // Pilot programs: the shares are seen by pilot partners only (non-pilots never see candidates); feedback by its author.
        builder.Entity<Features.Simulation.PilotShareRecord>().HasQueryFilter(_ =>
            TenantSeesAll || Partners.Any(p => p.Id == TenantPartnerId && p.Pilot));
        builder.Entity<Features.Simulation.PlanFeedbackRecord>().HasQueryFilter(f => TenantSeesAll || f.PartnerId == TenantPartnerId);
        builder.Entity<SettlementBatchRecord>().HasQueryFilter(_ => TenantSeesAll);

        // Money: a revenue line is seen by those it pays or bills (the contract partner, the attributed partner, its
        // distributor, the customer); a statement and its lines by the partner and its distributor.
        builder.Entity<RevenueLineRecord>().HasQueryFilter(l =>
            TenantSeesAll
            || l.ContractPartnerId == TenantPartnerId
            || l.AttributedPartnerId == TenantPartnerId
            || l.DistributorId == TenantPartnerId
            || l.CustomerId == TenantCustomerId);
        // Credits and adjustments are the operator's bookkeeping; partners see their effect as statement lines.
        builder.Entity<CreditRecord>().HasQueryFilter(_ => TenantSeesAll);
        builder.Entity<RevenueAdjustmentRecord>().HasQueryFilter(_ => TenantSeesAll);
        builder.Entity<StatementRecord>().HasQueryFilter(s =>
            TenantSeesAll || s.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == s.PartnerId && p.ParentPartnerId == TenantPartnerId));
        builder.Entity<StatementLineRecord>().HasQueryFilter(l =>
            TenantSeesAll || l.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == l.PartnerId && p.ParentPartnerId == TenantPartnerId));

        // Month-to-date estimates: a partner's like its statement (itself and its distributor); a subscription's like the
        // subscription. When an estimate was computed says nothing about anybody.
        builder.Entity<Features.Cockpit.EstimateRunRecord>().HasQueryFilter(_ => TenantKnown);
        builder.Entity<Features.Cockpit.PartnerEstimateRecord>().HasQueryFilter(e =>
            TenantSeesAll || e.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == e.PartnerId && p.ParentPartnerId == TenantPartnerId));
        builder.Entity<Features.Cockpit.SubscriptionEstimateRecord>().HasQueryFilter(e =>
            TenantSeesAll || e.CustomerId == TenantCustomerId || Subscriptions.Any(s => s.Id == e.SubscriptionId));
        // Data take-back: a customer's exports and switching notice are seen by the customer, the partner it is attributed
        // to now, and the operator — exactly those who may request them (a distributor or an ISV may not).
        builder.Entity<Features.TakeBack.CustomerExportRecord>().HasQueryFilter(x =>
            TenantSeesAll || x.CustomerId == TenantCustomerId
            || CustomerAttributions.Any(a => a.CustomerId == x.CustomerId && a.ToExclusive == null && a.PartnerId == TenantPartnerId));
        builder.Entity<Features.TakeBack.CustomerExportChunkRecord>().HasQueryFilter(c => TenantSeesAll || CustomerExports.Any(x => x.Id == c.ExportId));
        builder.Entity<Features.TakeBack.CustomerSwitchRecord>().HasQueryFilter(x =>
            TenantSeesAll || x.CustomerId == TenantCustomerId
            || CustomerAttributions.Any(a => a.CustomerId == x.CustomerId && a.ToExclusive == null && a.PartnerId == TenantPartnerId));

        // Integration requests: the requesting partner and its distributor, the customer it is for, the operator. The
        // history and the charges they bill follow the request.
        builder.Entity<Domain.Integration.IntegrationRequest>().HasQueryFilter(r =>
            TenantSeesAll
            || (r.RequestingPartnerId != null && (r.RequestingPartnerId == TenantPartnerId
                || Partners.Any(p => p.Id == r.RequestingPartnerId && p.ParentPartnerId == TenantPartnerId)))
            || r.CustomerId == TenantCustomerId);
        builder.Entity<Domain.Integration.IntegrationRequestEntry>().HasQueryFilter(e => TenantSeesAll || IntegrationRequests.Any(r => r.Id == e.IntegrationRequestId));
        builder.Entity<CustomerChargeRecord>().HasQueryFilter(c =>
            TenantSeesAll || c.CustomerId == TenantCustomerId || IntegrationRequests.Any(r => r.Id == c.IntegrationRequestId));
        builder.Entity<AuditEntry>().HasQueryFilter(e => TenantSeesAll || (e.PartnerId != null && e.PartnerId == TenantPartnerId));
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);

/// <summary><see cref="Domain.Periods.Period"/> ↔ INTEGER yyyymm, through <see cref="Domain.Periods.PeriodKey"/> (the columns kept their values: no migration).</summary>
public sealed class PeriodConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Domain.Periods.Period, int>(
    period => Domain.Periods.PeriodKey.ToInt(period), key => Domain.Periods.PeriodKey.FromInt(key));

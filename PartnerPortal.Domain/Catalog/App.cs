using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Domain.Catalog;

/// <summary>An app's lifecycle in the catalog: <c>Draft → Submitted → Live → Retired</c>; a rejected submission returns to <c>Draft</c>.</summary>
public enum AppStatus
{
    Draft,
    Submitted,
    Live,
    Retired,
}

/// <summary>
/// An ISV's application in the catalog. The ISV defines its usage metrics; the operator reviews a submission and
/// approves it with a platform fee rate (a fraction: 0.2 = 20 %) or rejects it with a reason. The time from
/// submission to live is kept (the store promises "online within hours").
/// </summary>
public sealed class App
{
    /// <summary>The longest category code an app stores (category codes themselves have at most <see cref="AppCategory.CodeMaxLength"/>).</summary>
    public const int MaxCategoryLength = 64;

    /// <summary>Longest app description (the column's length).</summary>
    public const int MaxDescriptionLength = 4000;

    private readonly List<AppMetric> _metrics = [];

    private App()
    {
        Name = Description = Category = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid IsvPartnerId { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }
    public string Category { get; private set; }
    public AppStatus Status { get; private set; }
    /// <summary>The store's share of the app's revenue in periods in which it was used (0..1).</summary>
    public decimal PlatformFeeRate { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? SubmittedAtUtc { get; private set; }
    public DateTime? LiveAtUtc { get; private set; }
    public string? ReviewNote { get; private set; }
    public IReadOnlyList<AppMetric> Metrics => _metrics;

    /// <summary>From the (last) submission to going live; null until it is live.</summary>
    public TimeSpan? TimeToLive => LiveAtUtc - SubmittedAtUtc;

    public static App Create(Guid isvPartnerId, string name, string? description, string category, decimal platformFeeRate,
        IEnumerable<AppMetric> metrics, DateTime nowUtc, Guid? id = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
            throw new DomainException("An app needs a name of 1 to 200 characters.", "name");
        // Which categories exist is store data (AppCategory): the catalog service checks the code names one and passes
        // its canonical spelling; here only the shape.
        if (string.IsNullOrWhiteSpace(category) || category.Trim().Length > MaxCategoryLength)
            throw new DomainException($"category is required: the code of an app category (at most {MaxCategoryLength} characters).", "category");
        if (description is not null && description.Trim().Length > MaxDescriptionLength)
            throw new DomainException($"description has at most {MaxDescriptionLength} characters.", "description");
        CheckRate(platformFeeRate);
        var app = new App
        {
            Id = id ?? Guid.NewGuid(),
            IsvPartnerId = isvPartnerId,
            Name = name.Trim(),
            Description = description?.Trim() ?? "",
            Category = category.Trim(),
            PlatformFeeRate = platformFeeRate,
            Status = AppStatus.Draft,
            CreatedAtUtc = nowUtc,
        };
        foreach (var metric in metrics) app.AddMetric(metric);
        return app;
    }

    public void AddMetric(AppMetric metric)
    {
        if (_metrics.Any(m => m.Code == metric.Code))
            throw new DomainException($"The app already has a metric '{metric.Code}'.", "metrics");
        _metrics.Add(metric);
    }

    public void Submit(DateTime nowUtc)
    {
        if (Status != AppStatus.Draft)
            throw new DomainException($"Only a draft can be submitted; the app is {Status}.", "status");
        Status = AppStatus.Submitted;
        SubmittedAtUtc = nowUtc;
        ReviewNote = null;
    }

    /// <summary>The operator approves the submission: the app goes live with <paramref name="platformFeeRate"/>.</summary>
    public void Approve(decimal platformFeeRate, DateTime nowUtc)
    {
        if (Status != AppStatus.Submitted)
            throw new DomainException($"Only a submitted app can be approved; the app is {Status}.", "status");
        CheckRate(platformFeeRate);
        PlatformFeeRate = platformFeeRate;
        Status = AppStatus.Live;
        LiveAtUtc = nowUtc;
    }

    public void Reject(string reason)
    {
        if (Status != AppStatus.Submitted)
            throw new DomainException($"Only a submitted app can be rejected; the app is {Status}.", "status");
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainException("A rejection needs a reason.", "reason");
        Status = AppStatus.Draft;
        ReviewNote = reason.Trim();
    }

    public void Retire()
    {
        if (Status != AppStatus.Live)
            throw new DomainException($"Only a live app can be retired; the app is {Status}.", "status");
        Status = AppStatus.Retired;
    }

    private static void CheckRate(decimal rate)
    {
        if (rate is < 0 or > 1 || decimal.Round(rate, 10) != rate)
            throw new DomainException("platformFeeRate must be a fraction between 0 and 1 (0.2 = 20 %) with at most 10 decimals.", "platformFeeRate");
    }
}

/// <summary>A usage metric of an app, as stored. See <see cref="UsageMetric"/> for what the fields mean.</summary>
public sealed class AppMetric
{
    private AppMetric()
    {
        Code = Unit = string.Empty;
    }

    public AppMetric(string code, string unit, MetricAggregation aggregation, MetricRounding rounding, string? property)
    {
        // The domain record checks the combination (a uniqueCount needs a property, and so on).
        var checkedMetric = ToDomain(code, unit, aggregation, rounding, property);
        Code = checkedMetric.Code;
        Unit = checkedMetric.Unit;
        Aggregation = aggregation;
        Rounding = rounding;
        Property = checkedMetric.Property;
    }

    public string Code { get; private set; }
    public string Unit { get; private set; }
    public MetricAggregation Aggregation { get; private set; }
    public MetricRounding Rounding { get; private set; }
    public string? Property { get; private set; }

    public UsageMetric ToUsageMetric() => ToDomain(Code, Unit, Aggregation, Rounding, Property);

    private static UsageMetric ToDomain(string code, string unit, MetricAggregation aggregation, MetricRounding rounding, string? property)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw new DomainException("A metric code has 1 to 64 letters, digits, '_', '-' or '.'.", "code");
        try
        {
            return new UsageMetric(code, unit ?? "", aggregation, rounding, property);
        }
        catch (ArgumentException ex)
        {
            throw new DomainException(ex.Message, aggregation == MetricAggregation.UniqueCount ? "property" : "aggregation");
        }
    }
}

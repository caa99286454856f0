namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// Thrown by <see cref="PricingEngine.Quote"/> when its input is not valid; <see cref="Errors"/>
/// are the same errors <see cref="PricingEngine.Validate"/> returns. Validate first to avoid it.
/// </summary>
public sealed class PricingValidationException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="errors"/> (at least one).</summary>
    public PricingValidationException(IReadOnlyList<PricingError> errors)
        : base("The pricing input is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
    {
        Errors = errors;
    }

    /// <summary>Every error found, each with its field path.</summary>
    public IReadOnlyList<PricingError> Errors { get; }
}

namespace PartnerPortal.Domain.Common;

/// <summary>
/// A rule of the model was broken: an invalid state transition (a partner cannot go from
/// <c>Invited</c> to <c>Suspended</c>) or an argument the model refuses. Endpoints turn it into a 400/409 problem.
/// </summary>
public class DomainException(string message, string? field = null) : Exception(message)
{
    /// <summary>The input field at fault, in API notation (<c>vatId</c>), when one is known.</summary>
    public string? Field { get; } = field;
}

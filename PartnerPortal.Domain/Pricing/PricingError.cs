namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// One thing wrong with a plan or quote request: the JSON path of the field at fault
/// (camelCase, as in the API body) and a readable English message.
/// </summary>
/// <example><c>new PricingError("charges[1].tiers[2].upTo", "The last tier must be open: set upTo to null.")</c></example>
/// <param name="Field">Path such as <c>charges[0].model</c> or <c>minimumCommitment</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PricingError(string Field, string Message);

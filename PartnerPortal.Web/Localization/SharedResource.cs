namespace PartnerPortal.Web;

/// <summary>
/// Marker type for the shared UI texts in <c>Resources/SharedResource.resx</c> (English) and <c>SharedResource.de.resx</c>
/// (German). It lives in the root namespace so the resource files sit directly under <c>Resources/</c>.
/// Edit the texts in <c>scripts/texts.py</c>, which writes both files.
/// </summary>
public sealed class SharedResource;

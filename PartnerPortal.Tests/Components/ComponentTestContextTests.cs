using System.Globalization;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Components;

/// <summary>The bUnit base's own helpers.</summary>
[Collection(PortalCollection.Name)]
public sealed class ComponentTestContextTests(PortalFactory app)
{
    private sealed class Context(PortalFactory app) : ComponentTestContext(app)
    {
        public void Use(string name) => UseCulture(name);
    }

    [Fact]
    public void UseCulture_SetsFormatsAndTexts_AndDisposingTheContextRestoresTheCultureOfBefore()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        var context = new Context(app);

        context.Use("de-DE");
        context.Use("en-US"); // a second switch still restores the culture from before the first
        Assert.Equal(("en-US", "en-US"), (CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));

        // Synchronously: the culture flows like an async local, so a restore inside an awaited DisposeAsync is not
        // seen by its caller (nor was the hand-written one before); what matters is that the test's culture ends with it.
        context.Dispose();
        Assert.Equal(("en-GB", "fr-FR"), (CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
    }
}

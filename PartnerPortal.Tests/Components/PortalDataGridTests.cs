using Bunit;
using MudBlazor;
using MudBlazor.Services;
using PartnerPortal.Web.Components;

namespace PartnerPortal.Tests.Components;

/// <summary>The portal's data grid marks its element once its rows are there (browser tests wait for the mark).</summary>
public sealed class PortalDataGridTests : BunitContext, IAsyncLifetime
{
    public PortalDataGridTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    // MudDataGrid's services are only async-disposable: dispose the bUnit context asynchronously, before xUnit's Dispose.
    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void AServerDataGrid_IsMarkedLoaded_OnlyOnceItsFirstLoadHasAnswered_AndStaysMarkedOnReload()
    {
        var answer = new TaskCompletionSource<GridData<string>>();
        var calls = 0;
        var cut = Render<PortalDataGrid<string>>(p => p
            .Add(g => g.ServerData, (GridState<string> _, CancellationToken _) => { calls++; return answer.Task; })
            .AddUnmatched("data-testid", "grid")
            .Add(g => g.Columns, builder =>
            {
                builder.OpenComponent<PropertyColumn<string, string>>(0);
                builder.AddAttribute(1, nameof(PropertyColumn<string, string>.Property), (System.Linq.Expressions.Expression<Func<string, string>>)(s => s));
                builder.CloseComponent();
            }));

        cut.WaitForAssertion(() => Assert.Equal(1, calls)); // the first load has started …
        Assert.Equal("false", cut.Find("[data-testid=grid]").GetAttribute("data-loaded")); // … and has not answered

        answer.SetResult(new GridData<string> { Items = ["erste Zeile"], TotalItems = 1 });
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=grid]").GetAttribute("data-loaded")));
        Assert.Contains("erste Zeile", cut.Find("[data-testid=grid]").TextContent);

        // A render caused by the parent (new parameters) keeps the mark.
        cut.Render(p => p.AddUnmatched("data-testid", "grid"));
        Assert.Equal("true", cut.Find("[data-testid=grid]").GetAttribute("data-loaded"));
    }

    [Fact]
    public void AnItemsGrid_IsMarkedLoaded_FromTheStart()
    {
        var cut = Render<PortalDataGrid<string>>(p => p.Add(g => g.Items, ["a"]).AddUnmatched("data-testid", "grid"));
        Assert.Equal("true", cut.Find("[data-testid=grid]").GetAttribute("data-loaded"));
    }

    [Fact]
    public void EveryServerPagedGridOfThePortal_IsAPortalDataGrid()
    {
        // A plain MudDataGrid with ServerData has no mark: the browser pass would collect its links before its rows came.
        var web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../PartnerPortal.Web"));
        Assert.True(Directory.Exists(web), web);
        var offenders = Directory.EnumerateFiles(web, "*.razor", SearchOption.AllDirectories)
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"<MudDataGrid\b(?:(?!>\s*$).)*?\bServerData=",
                System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.Multiline))
            .ToList();
        Assert.Empty(offenders);
        Assert.Contains(Directory.EnumerateFiles(web, "*.razor", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("<PortalDataGrid ", StringComparison.Ordinal));
    }
}

using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PartnerPortal.Web.Components;

/// <summary>
/// The portal's data grid: a <see cref="MudDataGrid{T}"/> that says on its element when its rows are there.
/// A grid with <c>ServerData</c> starts loading only after its first interactive render, so until then it shows no
/// rows and no loading bar either; <c>data-loaded="true"</c> appears once that first load has finished (a grid with
/// <c>Items</c> has its rows from the start). Browser tests wait for it instead of guessing.
/// </summary>
[CascadingTypeParameter(nameof(T))]
public class PortalDataGrid<T> : MudDataGrid<T>
{
    private bool firstLoadDone;

    private bool Loaded => firstLoadDone || (ServerData is null && VirtualizeServerData is null);

    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        // The parent hands over a new attribute dictionary with every render of its own: mark it each time.
        UserAttributes["data-loaded"] = Loaded ? "true" : "false";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender); // on the first render this awaits the first ServerData load
        if (firstRender && !firstLoadDone)
        {
            firstLoadDone = true;
            UserAttributes["data-loaded"] = "true";
            StateHasChanged();
        }
    }
}

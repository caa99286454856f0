using Hangfire;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using PartnerPortal.Web.Components;
using PartnerPortal.Web.Components.Account;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.ApiKeys;
using PartnerPortal.Web.Features;
using PartnerPortal.Web.Features.Demo;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Features.Health;
using PartnerPortal.Web.Features.Home;
using PartnerPortal.Web.Features.Jobs;
using PartnerPortal.Web.Localization;
using Scalar.AspNetCore;
using PartnerPortal.Web.Settings;

// Composition only: each feature registers and maps itself.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRepositorySettings();

var settingsWarnings = new List<string>();
var settings = PortalSettings.Load(builder.Configuration, builder.Environment.ContentRootPath, builder.Environment.EnvironmentName, settingsWarnings.Add);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddPortalLocalization();

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<IdentityRedirectManager>();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = IdentityConstants.ApplicationScheme;
        options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddIdentityCookies();
builder.Services.AddAuthentication()
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

builder.Services.AddPortalData(settings);
builder.Services.AddIdentityCore<PortalUser>(options =>
    {
        options.SignIn.RequireConfirmedAccount = true;
        DataServices.ConfigureIdentityStore(options);
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 10;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    })
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<PortalDbContext>()
    .AddSignInManager()
    .AddDefaultTokenProviders()
    .AddClaimsPrincipalFactory<PortalClaimsFactory>()
    .AddErrorDescriber<PortalIdentityErrorDescriber>();
builder.Services.AddScoped<IEmailSender<PortalUser>, IdentityOutboxEmailSender>();
// A sign-in cookie is checked against the user's security stamp on every request (one lookup by key), so a suspended
// partner's users are signed out at their next page load, not 30 minutes later.
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
builder.Services.AddDataProtection().SetApplicationName("PartnerPortal").PersistKeysToDbContext<PortalDbContext>();

builder.Services.AddPortalApi();
builder.Services.AddPortalHealth();
builder.Services.AddPortalJobs(settings, runServer: builder.Configuration.GetValue("Portal:Jobs:RunServer", true));
builder.Services.AddPortalFeatures(settings);

// Behind a TLS load balancer the scheme and client address come from X-Forwarded-* headers, trusted only from the
// configured proxies (Portal:ForwardedProxies); without any, no forwarded header is read at all.
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    options.KnownIPNetworks.Clear();
    options.KnownProxies.Clear();
    foreach (var proxy in settings.ForwardedProxies) options.KnownProxies.Add(proxy);
});

var app = builder.Build();
foreach (var warning in settingsWarnings) app.Logger.LogWarning("{Warning}", warning);
if (settings.ForwardedProxies.Count > 0) app.UseForwardedHeaders();

await DataServices.MigrateAsync(app.Services, settings);
await PortalSeeder.SeedAsync(app.Services, settings);
JobServices.RegisterRecurringJobs(app.Services.GetRequiredService<IRecurringJobManager>(), settings);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
// An unhandled exception on the API answers a problem (RFC 7807), never the HTML error page; it is logged as usual.
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandler = async context => await Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected error",
        detail: "The request could not be completed; it has been logged. Try again, or report the time and the request.").ExecuteAsync(context),
}));
// API answers are problem details (RFC 7807); pages get the not-found page.
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(async context =>
    await Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext)));
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/hangfire"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UsePortalBadRequests();
app.UsePortalLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapPortalLocalizationEndpoints();
app.MapPortalHealth();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
// DisableDefaultFonts: Scalar would fetch Inter and JetBrains Mono from fonts.scalar.com; the portal serves everything itself.
app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("PartnerPortal API").DisableDefaultFonts())
    .AllowAnonymous();
app.MapPortalApi();
app.MapFeaturePageEndpoints();
app.MapPortalHangfireDashboard();

app.Run();

/// <summary>The entry point type, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;

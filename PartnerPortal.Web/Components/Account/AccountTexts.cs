using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PartnerPortal.Web.Components.Account;

/// <summary>
/// The account pages' input models validate with DataAnnotations, which read a message or a field name only from a
/// static property (<c>ErrorMessageResourceType</c>, <c>Display(ResourceType = …)</c>). These properties look the text
/// up in the shared resources in the request's UI culture, so validation speaks German or English like the page.
/// </summary>
public static class AccountTexts
{
    private static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    public static string Required => L["Account.Validation.Required"];
    public static string Email => L["Account.Validation.Email"];
    public static string Phone => L["Account.Validation.Phone"];
    public static string Length => L["Account.Validation.Length"];
    public static string MaxLength => L["Account.Validation.MaxLength"];
    public static string Compare => L["Account.Validation.Compare"];

    public static string EmailField => L["Login.Email"];
    public static string PasswordField => L["Login.Password"];
    public static string ConfirmPasswordField => L["Account.Field.ConfirmPassword"];
    public static string CurrentPasswordField => L["Account.Field.CurrentPassword"];
    public static string NewPasswordField => L["Account.Field.NewPassword"];
    public static string ConfirmNewPasswordField => L["Account.Field.ConfirmNewPassword"];
    public static string NewEmailField => L["Account.Field.NewEmail"];
    public static string PhoneField => L["Account.Field.Phone"];
    public static string AuthenticatorCodeField => L["Account.Field.AuthenticatorCode"];
    public static string RememberMachineField => L["Account.Field.RememberMachine"];
    public static string RecoveryCodeField => L["Account.Field.RecoveryCode"];
    public static string VerificationCodeField => L["Account.Field.VerificationCode"];
    public static string PasskeyNameField => L["Account.Field.PasskeyName"];
}

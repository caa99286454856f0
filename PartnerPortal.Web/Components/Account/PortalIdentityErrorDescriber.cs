using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace PartnerPortal.Web.Components.Account;

/// <summary>
/// Identity's own messages (a wrong current password, a password too short, a used e-mail address) in the request's
/// language: the account pages and the invitee's registration show them as they are. Codes stay Identity's.
/// </summary>
public sealed class PortalIdentityErrorDescriber(IStringLocalizer<SharedResource> L) : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };

    public override IdentityError DefaultError() => Error(nameof(DefaultError), L["Account.Identity.DefaultError"]);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), L["Account.Identity.PasswordMismatch"]);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), L["Account.Identity.InvalidToken"]);
    public override IdentityError RecoveryCodeRedemptionFailed() =>
        Error(nameof(RecoveryCodeRedemptionFailed), L["Account.Identity.RecoveryCodeRedemptionFailed"]);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), L["Account.Identity.InvalidUserName", userName ?? ""]);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), L["Account.Identity.InvalidEmail", email ?? ""]);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), L["Account.Identity.DuplicateUserName", userName]);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), L["Account.Identity.DuplicateEmail", email]);
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), L["Account.Identity.UserAlreadyHasPassword"]);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), L["Account.Identity.PasswordTooShort", length]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), L["Account.Identity.PasswordRequiresUniqueChars", uniqueChars]);
    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), L["Account.Identity.PasswordRequiresNonAlphanumeric"]);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), L["Account.Identity.PasswordRequiresDigit"]);
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), L["Account.Identity.PasswordRequiresLower"]);
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), L["Account.Identity.PasswordRequiresUpper"]);
}

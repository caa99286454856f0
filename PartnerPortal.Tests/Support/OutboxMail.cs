using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Web.Features.Email;

namespace PartnerPortal.Tests.Support;

public static class OutboxMail
{
    /// <summary>
    /// The newest mail to <paramref name="to"/> as its recipient gets it: the secret link issued now, as the delivery
    /// job does (the stored body holds none).
    /// </summary>
    public static async Task<string> DeliveredBodyAsync(this PortalFactory app, string to, string? subjectStartsWith = null)
    {
        OutboxMessage message;
        await using (var db = await app.DbAsync())
        {
            var mails = db.OutboxMessages.AsNoTracking().Where(m => m.To == to);
            if (subjectStartsWith is not null) mails = mails.Where(m => m.Subject.StartsWith(subjectStartsWith));
            message = await mails.OrderByDescending(m => m.Id).FirstAsync();
        }
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MailLinks>().RenderAsync(message);
    }
}

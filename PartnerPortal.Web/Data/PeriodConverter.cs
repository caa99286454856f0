using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Web.Data;

/// <summary>
/// A <see cref="Period"/> is stored as the integer yyyymm (2026-10 → 202610): it sorts and compares in SQL like the
/// period, on SQLite and SQL Server alike.
/// </summary>
public sealed class PeriodConverter() : ValueConverter<Period, int>(p => ToKey(p), key => FromKey(key))
{
    public static int ToKey(Period period) => period.Year * 100 + period.Month;

    public static Period FromKey(int key) => new(key / 100, key % 100);
}

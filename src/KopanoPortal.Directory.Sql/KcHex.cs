using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// KC names a user's or group's company by the upper-case hex of the company's externid (<c>companyid</c>,
/// docs/kopano.md, "Property names"). <see cref="Unhex"/> turns it back into the externid inside a query, so a join
/// reaches the company through the externid index in the same round trip. Text that is not 16 bytes of hex names no
/// company: NULL on every engine (PostgreSQL's decode() alone would fail the whole query on it).
/// </summary>
public static class KcHex
{
    public static byte[]? Unhex(string? hex) => throw new InvalidOperationException($"{nameof(Unhex)} runs only inside a database query.");

    internal static void Map(ModelBuilder model, CaseFolding.Engine engine)
    {
        model.HasDbFunction(typeof(KcHex).GetMethod(nameof(Unhex))!).HasTranslation(arguments =>
        {
            var text = arguments[0];
            SqlExpression Constant(string value) => new SqlConstantExpression(value, typeof(string), text.TypeMapping);
            return engine == CaseFolding.Engine.Postgres
                ? new SqlFunctionExpression("decode",
                    [new SqlFunctionExpression("substring", [text, Constant("^[0-9A-Fa-f]{32}$")], nullable: true, argumentsPropagateNullability: [true, false], typeof(string), text.TypeMapping), Constant("hex")],
                    nullable: true, argumentsPropagateNullability: [true, false], typeof(byte[]), typeMapping: null)
                : new SqlFunctionExpression("unhex", [text], nullable: true, argumentsPropagateNullability: [true], typeof(byte[]), typeMapping: null);
        });
    }
}

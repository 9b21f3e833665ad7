using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// MySql.EntityFrameworkCore writes a bulk delete as <c>DELETE FROM `t` AS `p` WHERE …</c>; MySQL 8 accepts the
/// alias, MariaDB 10.11 (Debian's, KC's usual engine) only in the multi-table form <c>DELETE `p` FROM `t` AS `p` …</c>,
/// which both understand. Every ExecuteDelete on MySQL goes through this rewrite.
/// </summary>
internal sealed partial class MariaDbDeleteAlias : DbCommandInterceptor
{
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    private static void Rewrite(DbCommand command) => command.CommandText = AliasedDelete().Replace(command.CommandText, "DELETE $2 FROM $1 AS $2");

    [GeneratedRegex(@"^DELETE FROM (`[^`]+`) AS (`[^`]+`)")]
    private static partial Regex AliasedDelete();
}

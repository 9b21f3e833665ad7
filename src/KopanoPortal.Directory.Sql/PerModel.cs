using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// A compiled query (<c>EF.CompileAsyncQuery</c>) per model: EF Core refuses to run one with another model than it was
/// compiled against, and each engine's context has its own (one process, such as the tests, may use several).
/// </summary>
internal sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _compiled = new();

    public TQuery For(DbContext db) => _compiled.GetOrAdd(db.Model, _ => compile());
}

using System.Globalization;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// The uniqueness check of a batch of new names against the holders one query of the store found for all of them.
/// The store's own comparison (a collation, LDAP's matching rules) is not repeated here: a name is decided in memory
/// only where that cannot differ from the store, and is otherwise left to the store's single-name check, asked after
/// the batch's other names are written (so a name given twice is checked against the first one, as two creates would).
/// </summary>
public static class BatchNames
{
    public enum Verdict
    {
        Free,
        Taken,
        /// <summary>Check singly, after the free names of the batch are written.</summary>
        Ask,
    }

    /// <summary>Looser than every store's comparison: ignores case, accents and widths.</summary>
    private static readonly StringComparer Loose = CultureInfo.InvariantCulture.CompareInfo.GetStringComparer(
        CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth | CompareOptions.IgnoreKanaType);

    /// <param name="names">The batch's names, in order.</param>
    /// <param name="holders">The stored spellings the store matched to any of <paramref name="names"/>.</param>
    /// <returns>Per name its verdict and, when taken, the holder's spelling.</returns>
    public static (Verdict Verdict, string? Holder)[] Judge(IReadOnlyList<string> names, IReadOnlyCollection<string> holders)
    {
        var verdicts = new (Verdict, string?)[names.Count];
        var byLoose = holders.GroupBy(h => h, Loose).ToDictionary(g => g.Key, g => g.ToList(), Loose);
        // A holder that no name matches loosely was matched by a comparison looser than ours: decide nothing here.
        var unexplained = holders.Any(h => !names.Contains(h, Loose));
        var seen = new HashSet<string>(Loose);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!seen.Add(name) || unexplained)
                verdicts[i] = (Verdict.Ask, null);
            else if (!byLoose.TryGetValue(name, out var candidates))
                verdicts[i] = (Verdict.Free, null);
            else if (candidates.FirstOrDefault(h => string.Equals(h.ToUpperInvariant(), name.ToUpperInvariant(), StringComparison.Ordinal)) is { } holder)
                verdicts[i] = (Verdict.Taken, holder);
            else
                verdicts[i] = (Verdict.Ask, null);
        }
        return verdicts;
    }

    /// <summary>Whether two values may be one to the store: those are not written in the same step.</summary>
    public static IEqualityComparer<string> MaybeSame => Loose;
}

/// <summary>What both adapters' <see cref="IDirectory.CreateUsersAsync"/> check and log the same way.</summary>
public static class BulkCreate
{
    /// <summary>How the write of a whole batch is named in the log (each user keeps its own audit record).</summary>
    public const string Action = "user.create (batch)";

    public static void CheckArguments(Model.ObjectKey? tenant, IReadOnlyList<Model.NewUser> users, IReadOnlyList<Model.AuditEntry> audits)
    {
        if (users.Count != audits.Count)
            throw new ArgumentException("One audit entry per user.", nameof(audits));
        if (users.Any(u => u.Tenant != tenant))
            throw new ArgumentException("Every user of a batch belongs to its tenant.", nameof(users));
    }
}

namespace KopanoPortal.Core.Model;

/// <summary>
/// One page of the search across every tenant: users whose login name, full name or e-mail address contains
/// <see cref="Text"/> (case-insensitive), sorted by login name. <see cref="After"/> is the <see cref="UserSearchPage.Next"/>
/// of the page before (null: the first page); its form belongs to the adapter that made it.
/// </summary>
public sealed record UserSearchQuery(string Text, string? After = null, int Count = 25)
{
    public const int MaxCount = 100;

    public UserSearchQuery Normalized() => this with
    {
        Text = Text.Trim(),
        After = string.IsNullOrEmpty(After) ? null : After,
        Count = Math.Clamp(Count, 1, MaxCount),
    };
}

/// <summary>A user found by the search, with the name of its tenant (null: outside every tenant).</summary>
public sealed record UserSearchHit(UserSummary User, string? TenantName);

/// <summary>One page of hits; <see cref="Next"/> continues after its last hit, null when no more match.</summary>
public sealed record UserSearchPage(IReadOnlyList<UserSearchHit> Items, string? Next)
{
    public static UserSearchPage Empty { get; } = new([], null);
}

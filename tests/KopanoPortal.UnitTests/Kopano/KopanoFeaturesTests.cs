using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>RemoveDefaultFeatures / ComplementDefaultFeatures (docs/kopano.md, "Multi-valued properties and features"): only deviations are stored.</summary>
public sealed class KopanoFeaturesTests
{
    private static readonly IReadOnlyList<string> ServerDefault = KopanoFeatures.ParseList(KopanoFeatures.DefaultDisabled);

    [Fact]
    public void The_default_disables_imap_and_pop3() => Assert.Equal(["imap", "pop3"], ServerDefault);

    [Fact]
    public void Nothing_stored_means_the_server_default()
    {
        var states = KopanoFeatures.Resolve(StoredFeatures.None, ServerDefault);
        Assert.Equal(["mobile", "outlook", "webapp"], states.Where(s => s.Enabled).Select(s => s.Name));
        Assert.All(states, s => Assert.False(s.IsExplicit));
    }

    [Fact]
    public void Enabling_a_default_disabled_feature_stores_it_in_the_enabled_list_only()
    {
        var stored = KopanoFeatures.ToStored(["imap", "mobile", "outlook", "webapp"], ServerDefault);
        Assert.Equal(["imap"], stored.Enabled);
        Assert.Empty(stored.Disabled);
    }

    [Fact]
    public void Disabling_a_default_enabled_feature_stores_it_in_the_disabled_list_only()
    {
        var stored = KopanoFeatures.ToStored(["outlook", "webapp"], ServerDefault);
        Assert.Empty(stored.Enabled);
        Assert.Equal(["mobile"], stored.Disabled);
    }

    [Fact]
    public void Stored_deviations_resolve_back_to_the_chosen_states()
    {
        var chosen = new[] { "pop3", "webapp" };
        var states = KopanoFeatures.Resolve(KopanoFeatures.ToStored(chosen, ServerDefault), ServerDefault);
        Assert.Equal(chosen, states.Where(s => s.Enabled).Select(s => s.Name));
        Assert.Equal(["pop3", "mobile", "outlook"], states.Where(s => s.IsExplicit).Select(s => s.Name));
    }

    [Fact]
    public void Stored_entries_that_repeat_the_default_change_nothing()
    {
        // Written by an older tool that did not strip defaults: KC complements them the same way.
        var states = KopanoFeatures.Resolve(new StoredFeatures(["webapp"], ["imap"]), ServerDefault);
        Assert.Equal(["mobile", "outlook", "webapp"], states.Where(s => s.Enabled).Select(s => s.Name));
    }

    [Fact]
    public void An_empty_server_default_enables_everything_and_stores_only_disables()
    {
        var stored = KopanoFeatures.ToStored(["imap"], []);
        Assert.Empty(stored.Enabled);
        Assert.Equal(["pop3", "mobile", "outlook", "webapp"], stored.Disabled);
    }

    [Theory]
    [InlineData("imap pop3", new[] { "imap", "pop3" })]
    [InlineData("IMAP,\tmobile  mobile", new[] { "imap", "mobile" })]
    [InlineData("", new string[0])]
    public void Parses_disabled_features(string value, string[] expected) =>
        Assert.Equal(expected, KopanoFeatures.ParseList(value));
}

using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Each account's language and theme in the portal's own table, on every SQL engine: only ever the caller's own, checked in the rows.
public abstract partial class SqlDirectoryContractTests
{
    private Task<Result> Preferences(Func<PreferenceService, Task<Result>> call) => H.CallAsync(call);

    private async Task<List<(string Account, string? Language, string? Theme)>> PreferenceRowsAsync() =>
        (await Rows.QueryAsync("SELECT account_key, language, theme FROM portal_account_preference ORDER BY account_key"))
            .Select(r => ((string)r["account_key"]!, r["language"] as string, r["theme"] as string)).ToList();

    [Fact]
    public async Task Each_account_keeps_its_own_language_and_theme_and_one_choice_leaves_the_other_as_it_was()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", level: AdminLevel.CompanyAdmin);
        var jane = await NewUserAsync(tenant, "jane");
        var auditBefore = await Rows.ScalarAsync("SELECT count(*) FROM portal_audit");

        await H.SignInAsAsync(john);
        Ok(await Preferences(s => s.SetLanguageAsync("de", Ct)));
        Ok(await Preferences(s => s.SetThemeAsync(ThemeChoice.Dark, Ct)));
        Assert.Equal([(john.Value, "de", "dark")], await PreferenceRowsAsync());

        await H.SignInAsAsync(jane);
        Ok(await Preferences(s => s.SetThemeAsync(ThemeChoice.Light, Ct)));
        Ok(await Preferences(s => s.SetLanguageAsync("en", Ct)));
        Ok(await Preferences(s => s.SetThemeAsync(ThemeChoice.System, Ct)));
        Assert.Equal([(jane.Value, "en", "system"), (john.Value, "de", "dark")], (await PreferenceRowsAsync()).OrderBy(r => r.Account == john.Value).ToList());

        Assert.Equal(new AccountPreferences("de", ThemeChoice.Dark), await H.CallAsync<PreferenceService, AccountPreferences>(s => s.ForSignInAsync(john, Ct)));
        Assert.Equal(new AccountPreferences("en", ThemeChoice.System), await H.CallAsync<PreferenceService, AccountPreferences>(s => s.ForSignInAsync(jane, Ct)));
        Assert.Equal(AccountPreferences.None, await H.CallAsync<PreferenceService, AccountPreferences>(s => s.ForSignInAsync(tenant, Ct)));
        // A personal choice changes nothing in the directory: no audit record.
        Assert.Equal(auditBefore, await Rows.ScalarAsync("SELECT count(*) FROM portal_audit"));
    }

    [Fact]
    public async Task An_operator_keeps_a_choice_under_its_own_key_and_nobody_signed_out_or_an_unknown_language_writes_anything()
    {
        var ops = await H.SeedOperatorAsync("ops", "Ops-Pass-12345");

        H.SignOut();
        Assert.IsType<Forbidden>((await Preferences(s => s.SetLanguageAsync("de", Ct))).Error);
        Assert.IsType<Forbidden>((await Preferences(s => s.SetThemeAsync(ThemeChoice.Dark, Ct))).Error);
        Assert.Empty(await PreferenceRowsAsync());

        await H.SignInAsAsync(ops.Key);
        Assert.IsType<InvalidInput>((await Preferences(s => s.SetLanguageAsync("fr", Ct))).Error);
        Assert.IsType<InvalidInput>((await Preferences(s => s.SetThemeAsync((ThemeChoice)7, Ct))).Error);
        Assert.Empty(await PreferenceRowsAsync());

        Ok(await Preferences(s => s.SetThemeAsync(ThemeChoice.Dark, Ct)));
        Assert.Equal([(ops.Key.Value, null, "dark")], await PreferenceRowsAsync());
        Assert.StartsWith("operator:", ops.Key.Value, StringComparison.Ordinal);
    }
}

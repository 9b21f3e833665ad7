using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Layout;
using KopanoPortal.Web.Components.Pages.Account;
using KopanoPortal.Web.Components.Pages.Groups;
using KopanoPortal.Web.Components.Pages.Tenants;
using KopanoPortal.Web.Components.Pages.Users;
using Microsoft.AspNetCore.Components;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using AccessIndex = KopanoPortal.Web.Components.Pages.Access.Index;
using AuditIndex = KopanoPortal.Web.Components.Pages.Audit.Index;
using GroupsIndex = KopanoPortal.Web.Components.Pages.Groups.Index;
using OperatorsIndex = KopanoPortal.Web.Components.Pages.Operators.Index;
using SearchIndex = KopanoPortal.Web.Components.Pages.Search.Index;
using TenantsIndex = KopanoPortal.Web.Components.Pages.Tenants.Index;
using UsersIndex = KopanoPortal.Web.Components.Pages.Users.Index;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>
/// Every page in German holds no English: rendered with pseudo-localization (<see cref="PseudoLocalization"/>), each
/// visible text and user-facing attribute is translated, Core's German, or the data the test put in.
/// </summary>
public sealed class NoEnglishTests : ComponentTestBase
{
    public NoEnglishTests()
    {
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        Services.AddSingleton(new KopanoPortal.Web.Servers.OneTimeDownloads(TimeProvider.System));
        Services.AddSingleton<KopanoPortal.Core.Doctor.IDirectoryDoctor>(new FindingDoctor());
        Services.AddSingleton<KopanoPortal.Core.Directory.IMembershipCheck>(new OneMembershipFinding());
        Services.AddSingleton<KopanoPortal.Core.Directory.IApiTokenStore>(_tokens);
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kopano:quota_soft"] = "400" }).Build());
        PseudoLocalization.Add(Services);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var staff = Directory.AddGroup(Alpha, "staff", CompanyAdmin, PlainUser);
        staff.Email = "staff@alpha.example";
        PlainUser.FullName = "Pat Example";
        PlainUser.Email = "pat@alpha.example";
    }

    private readonly KopanoPortal.ComponentTests.ApiTokens.ApiTokensPageTests.MemoryApiTokenStore _tokens = new();

    private void AssertNoEnglish<T>(IRenderedComponent<T> cut, params string[] alsoShown) where T : IComponent =>
        NoEnglish.Assert(cut, Directory, Operators, alsoShown);

    /// <summary>Signs <paramref name="user"/> in, then <see cref="Check{T}(Func{IRenderedComponent{T}}, Action{IRenderedComponent{T}}, string[])"/>.</summary>
    private void Check<T>(FakeDirectory.UserRow user, Func<IRenderedComponent<T>> render, Action<IRenderedComponent<T>> ready, params string[] alsoShown) where T : IComponent
    {
        SignInAs(user);
        Check(render, ready, alsoShown);
    }

    /// <summary>Renders in German, lets <paramref name="ready"/> wait for the page's data, then looks for English.</summary>
    private void Check<T>(Func<IRenderedComponent<T>> render, Action<IRenderedComponent<T>> ready, params string[] alsoShown) where T : IComponent =>
        Language.In("de", () =>
        {
            var cut = render();
            ready(cut);
            AssertNoEnglish(cut, alsoShown);
        });

    /// <summary>Clicks each tab in turn and looks for English in what it shows.</summary>
    private void CheckTabs<T>(IRenderedComponent<T> cut, params string[] alsoShown) where T : IComponent
    {
        var count = cut.FindAll(".mud-tab").Count;
        Assert.True(count > 1);
        for (var i = 0; i < count; i++)
        {
            var tab = i;
            Act(cut, () => cut.FindAll(".mud-tab")[tab].Click());
            cut.WaitForAssertion(() => Assert.Contains("mud-tab-active", cut.FindAll(".mud-tab")[tab].ClassName));
            Settled(cut);
            AssertNoEnglish(cut, alsoShown);
        }
    }

    private static void Settled<T>(IRenderedComponent<T> cut) where T : IComponent => NoEnglish.Settled(cut);

    [Fact]
    public void The_bar_of_a_system_admin() => Check(SystemAdmin,
        () => Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "")))),
        cut => cut.WaitForElement("[data-testid=signed-in-user]"));

    [Fact]
    public void The_sign_in_page() => Check(() => Render<SignIn>(), _ => { });

    [Fact]
    public void My_account() => Check(PlainUser,
        () => Render<MyAccount>(),
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=factor-summary]"))));

    [Fact]
    public void The_tenant_list() => Check(SystemAdmin,
        () => Render<TenantsIndex>(),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("Beta", cut.Markup));
            Settled(cut);
        });

    [Fact]
    public void The_tenant_list_empty() => Check(
        () =>
        {
            Directory.Tenants.Clear();
            SignInAs(SystemAdmin);
            return Render<TenantsIndex>();
        },
        Settled);

    [Fact]
    public void A_tenant_page_on_every_tab() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);
        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll(".mud-tab").Count));
        CheckTabs(cut);
    });

    [Fact]
    public void A_tenant_page_that_is_not_there() => Check(SystemAdmin,
        () => Render<TenantPage>(p => p.Add(x => x.TenantKey, "nope")),
        cut => cut.WaitForElement("[data-testid=operation-error]"));

    [Fact]
    public void The_user_list_of_a_company_admin() => Check(CompanyAdmin,
        () => Render<UsersIndex>(),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("pat", cut.Markup));
            Settled(cut);
        });

    [Fact]
    public void A_user_page_on_every_tab() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, PlainUser.Key.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));
        Settled(cut);
        AssertNoEnglish(cut);
        if (cut.FindAll(".mud-tab").Count > 1)
            CheckTabs(cut);
    });

    [Fact]
    public void A_user_page_that_is_not_there() => Check(SystemAdmin,
        () => Render<UserPage>(p => p.Add(x => x.UserKey, "nope")),
        cut => cut.WaitForElement("[data-testid=operation-error]"));

    [Fact]
    public void The_new_user_form() => Check(SystemAdmin,
        () => Render<CreateUser>(p => p.Add(x => x.TenantKey, Alpha.Key.Value)),
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-name]"))));

    [Fact]
    public void The_import_page() => Check(CompanyAdmin,
        () => Render<ImportUsers>(p => p.Add(x => x.TenantKey, Alpha.Key.Value)),
        cut => cut.WaitForAssertion(() => Assert.Contains("Alpha", cut.Markup)));

    [Fact]
    public void The_group_list() => Check(CompanyAdmin,
        () => Render<GroupsIndex>(),
        cut => cut.WaitForElement("[data-testid=hosted-note]"));

    [Fact]
    public void A_group_page() => Check(CompanyAdmin,
        () => RenderWithPopovers<GroupPage>(("GroupKey", Directory.Groups[0].Key.Value)),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=group-details]")));
            Settled(cut);
        });

    [Fact]
    public void The_access_overview() => Check(
        () =>
        {
            Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
            SignInAs(SystemAdmin);
            return Render<AccessIndex>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=access-tenant]"))));

    [Fact]
    public void The_audit() => Check(
        () =>
        {
            AuditLog.Record(new AuditEntry(new DateTimeOffset(2025, 3, 4, 12, 0, 0, TimeSpan.Zero), "admin", null, null, "tenant.create", "Alpha", null, """{"Name":"Alpha"}"""));
            SignInAs(SystemAdmin);
            return RenderWithPopovers<AuditIndex>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("td.mud-table-cell")));
            Settled(cut);
        });

    [Fact]
    public void The_operators() => Check(
        () =>
        {
            Operators.Add("root", "root-secret-1");
            SignInAs(SystemAdmin);
            return Render<OperatorsIndex>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=operator-row]"))));

    [Fact]
    public void The_search() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            Navigation.NavigateTo(SearchIndex.Url("pat"));
            return Render<SearchIndex>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=search-row]"))),
        "pat");

    [Fact]
    public void The_search_without_hits() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            Navigation.NavigateTo(SearchIndex.Url("zzz"));
            return Render<SearchIndex>();
        },
        Settled,
        "zzz");

    [Fact]
    public void The_not_found_and_error_pages()
    {
        Check(() => Render<KopanoPortal.Web.Components.Pages.NotFound>(), _ => { });
        Check(() => Render<KopanoPortal.Web.Components.Pages.Error>(), _ => { });
    }

    [Theory]
    [InlineData(AdminLevel.CompanyAdmin)]
    [InlineData(AdminLevel.None)]
    public void The_bar_of_a_company_admin_and_of_a_plain_user(AdminLevel level) => Check(
        () =>
        {
            SignInAs(level == AdminLevel.None ? PlainUser : CompanyAdmin);
            return Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, ""))));
        },
        cut => cut.WaitForElement("[data-testid=signed-in-user]"));

    [Fact]
    public void My_account_while_adding_an_authenticator_app() => Check(PlainUser,
        () => Render<MyAccount>(),
        cut =>
        {
            NoEnglish.Click(cut, "Authenticator-App hinzufügen");
            cut.WaitForElement("[data-testid=totp-secret]");
        },
        "KopanoPortal");

    [Fact]
    public void The_new_tenant_form_refusing_an_empty_name() => Check(SystemAdmin,
        () => Render<TenantsIndex>(),
        cut =>
        {
            Settled(cut);
            NoEnglish.Click(cut, "Mandant anlegen");
            cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "new-tenant-name")));
        });

    [Fact]
    public void A_tenant_about_to_be_deleted() => Check(SystemAdmin,
        () => Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value)),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll(".mud-tab").Count));
            Act(cut, () => cut.FindAll(".mud-tab")[2].Click());
            NoEnglish.Click(cut, "Mandant löschen …");
            cut.WaitForElement("[data-testid=delete-preview]");
        });

    [Fact]
    public void The_new_user_forms_level_choices() => Check(SystemAdmin,
        () => RenderWithPopovers<CreateUser>(("TenantKey", Alpha.Key.Value)),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-name]")));
            OpenSelect(cut, "user-level");
        });

    [Fact]
    public void The_new_user_form_refusing_empty_fields() => Check(SystemAdmin,
        () => Render<CreateUser>(p => p.Add(x => x.TenantKey, Alpha.Key.Value)),
        cut =>
        {
            NoEnglish.Click(cut, "Benutzer anlegen");
            cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "user-name")));
        });

    [Fact]
    public void A_user_without_a_login() => Language.In("de", () =>
    {
        var room = Directory.AddUser(Alpha, "room1", active: false);
        SignInAs(SystemAdmin);
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, room.Key.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));
        Settled(cut);
        AssertNoEnglish(cut);
    });

    [Fact]
    public void The_directory_check_with_its_findings() => Check(SystemAdmin,
        () => Render<KopanoPortal.Web.Components.Pages.DirectoryCheck.Index>(),
        cut =>
        {
            AssertNoEnglish(cut);
            ClickTestId(cut, "run-check");
            // The doctor's findings and the membership check's one.
            cut.WaitForAssertion(() => Assert.Equal(FindingDoctor.Count + 1, cut.FindAll("[data-testid=doctor-finding]").Count));
            Settled(cut);
        },
        [.. FindingDoctor.Names, "uid=nobody"]);

    [Fact]
    public void The_membership_check_with_a_finding() => Check(SystemAdmin,
        () => Render<KopanoPortal.Web.Components.Pages.Memberships.Index>(),
        cut =>
        {
            AssertNoEnglish(cut, "member", "dn");
            ClickTestId(cut, "check-memberships");
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=membership-finding]")));
            Settled(cut);
        },
        "uid=nobody", "member", "dn");

    [Fact]
    public void The_api_tokens() => Check(
        () =>
        {
            var now = DateTimeOffset.UtcNow;
            _tokens.Add(new NewApiToken("billing", SystemAdmin.Key, "admin", Alpha.Key, "Alpha", new byte[32], now, now.AddDays(1)));
            SignInAs(SystemAdmin);
            return Render<KopanoPortal.Web.Components.Pages.ApiTokens.Index>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-token-row]"))),
        "billing");

    [Fact]
    public void The_settings() => Check(SystemAdmin,
        () => Render<KopanoPortal.Web.Components.Pages.Settings.Index>(),
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=setting-row]"))));

    [Fact]
    public void A_user_page_refusing_an_empty_password_and_about_to_delete() => Check(SystemAdmin,
        () => Render<UserPage>(p => p.Add(x => x.UserKey, PlainUser.Key.Value)),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));
            Settled(cut);
            NoEnglish.Click(cut, "Kennwort zurücksetzen");
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-invalid=true]")));
            NoEnglish.Click(cut, "Benutzer löschen …");
            NoEnglish.Click(cut, "Änderungen speichern");
        });

    [Fact]
    public void The_import_preview_with_an_error_row() => Check(CompanyAdmin,
        () => Render<ImportUsers>(p => p.Add(x => x.TenantKey, Alpha.Key.Value)),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("Alpha", cut.Markup));
            cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
                "login name,full name,e-mail,password\nann,Ann,ann@example.org,generate\npat,Pat Example,pat@alpha.example,\nbad,,x,generate\n", "users.csv"));
            cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.import-row").Count));
        },
        // The file's column names are English by design: the page explains each in German.
        [.. new[] { "ann", "Ann", "ann@example.org", "bad", "x", "users.csv" }, .. ImportColumns]);

    private static readonly string[] ImportColumns =
    [
        KopanoPortal.Core.Import.UserCsv.Login, KopanoPortal.Core.Import.UserCsv.FullName, KopanoPortal.Core.Import.UserCsv.Email,
        KopanoPortal.Core.Import.UserCsv.Password, KopanoPortal.Core.Import.UserCsv.Generate,
    ];

    [Fact]
    public void The_audit_of_every_action() => Check(
        () =>
        {
            foreach (var (action, _) in KopanoPortal.Core.Services.AuditSummary.KnownActions)
                AuditLog.Record(new AuditEntry(new DateTimeOffset(2025, 3, 4, 12, 0, 0, TimeSpan.Zero), "admin", Alpha.Key, "Alpha", action, "pat", null, null));
            SignInAs(SystemAdmin);
            return RenderWithPopovers<AuditIndex>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("td.mud-table-cell")));
            Settled(cut);
        });

    [Fact]
    public void The_user_list_with_a_user_ticked_for_a_bulk_action() => Check(CompanyAdmin,
        () => RenderWithPopovers<UserList>((nameof(UserList.Tenant), (ObjectKey?)Alpha.Key), (nameof(UserList.TenantName), Alpha.Name)),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("td[data-label]").Count(td => td.TextContent.Contains("@Alpha", StringComparison.Ordinal))));
            cut.WaitForAssertion(() =>
            {
                var label = cut.FindAll("span.mud-sr-only").First(s => PseudoLocalization.Plain(s.TextContent).Trim() == "pat@Alpha auswählen");
                cut.Find($"input[aria-labelledby='{label.Id}']").Change(true);
            });
            cut.WaitForElement("[data-testid=bulk-actions]");
            OpenSelect(cut, "bulk-action");
        });

    [Fact]
    public void The_messages_after_creating_a_group() => Language.In("de", () =>
    {
        SignInAs(CompanyAdmin);
        var cut = Render<GroupList>(p => p.Add(x => x.Tenant, Alpha.Key).Add(x => x.TenantName, Alpha.Name));
        Settled(cut);
        SetField(cut, "new-group-name", "crew");
        NoEnglish.Click(cut, "Gruppe anlegen");
        cut.WaitForAssertion(() => Assert.NotEmpty(SnackbarMessages));
        var found = SnackbarMessages.SelectMany(m => PseudoLocalization.Untranslated(m, NoEnglish.Fixture(Directory, Operators))).ToList();
        Assert.True(found.Count == 0, "Snackbar: English left in German:\n" + string.Join('\n', found));
    });

    [Fact]
    public void My_account_refusing_a_password_change_without_the_current_one() => Check(PlainUser,
        () => Render<MyAccount>(),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=factor-summary]")));
            NoEnglish.Click(cut, "Kennwort ändern");
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-invalid=true]")));
        });

    [Fact]
    public void A_tenant_page_of_a_company_admin_on_every_tab() => Language.In("de", () =>
    {
        SignInAs(CompanyAdmin);
        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        cut.WaitForAssertion(() => Assert.True(cut.FindAll(".mud-tab").Count > 1));
        CheckTabs(cut);
    });

    [Fact]
    public void A_group_page_with_a_member_and_a_delegate() => Check(
        () =>
        {
            var staff = Directory.Groups[0];
            Directory.AddToList(ObjectList.SendAsDelegates, staff.Key, PlainUser.Key);
            SignInAs(SystemAdmin);
            return RenderWithPopovers<GroupPage>(("GroupKey", staff.Key.Value));
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=group-details]")));
            Settled(cut);
        });

    private sealed class PageOnADeadServer : ComponentBase
    {
        protected override void OnInitialized() =>
            // As the SQL adapter names the server, in the circuit's language.
            throw new KopanoPortal.Core.Directory.DirectoryUnavailableException(KopanoPortal.Core.Text.T("the database {0}", "tcp://127.0.0.1:5432"), new TimeoutException());
    }

    private sealed class PageThatFails : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret internal detail");
    }

    [Theory]
    [InlineData(typeof(PageOnADeadServer))]
    [InlineData(typeof(PageThatFails))]
    public void The_frame_saying_that_the_directory_is_unreachable_or_a_page_failed(Type page) => Check(CompanyAdmin,
        () => Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b =>
            {
                b.OpenComponent(0, page);
                b.CloseComponent();
            }))),
        cut => cut.WaitForElement("[data-testid=operation-error]"),
        "tcp://127.0.0.1:5432");

    /// <summary>One finding of each kind the Core helpers make, made when the check runs (so in the page's language).</summary>
    private sealed class FindingDoctor : KopanoPortal.Core.Doctor.IDirectoryDoctor
    {
        public static readonly string[] Names = ["zed", "Zed", "amy", "Amy", "ghost", "abc", "imapx", "z9"];

        public const int Count = 7;

        public async IAsyncEnumerable<KopanoPortal.Core.Doctor.DoctorFinding> CheckAsync(KopanoPortal.Core.Doctor.DoctorScope scope,
            IProgress<KopanoPortal.Core.Doctor.DoctorProgress>? progress, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            yield return KopanoPortal.Core.Doctor.DoctorFindings.OutsideEveryTenant("user", "zed", KopanoPortal.Core.Text.T("KC ignores it."));
            yield return KopanoPortal.Core.Doctor.DoctorFindings.RewrittenName("user", "Zed", "Alpha", "Zed@Alpha");
            yield return KopanoPortal.Core.Doctor.DoctorFindings.DuplicateName("user", ["amy", "Amy"], "Alpha");
            yield return KopanoPortal.Core.Doctor.DoctorFindings.UnreadableQuota("user", "pat", "Alpha", "quota warning level", "abc");
            yield return KopanoPortal.Core.Doctor.DoctorFindings.UnknownFeature("pat", "Alpha", "enabled", "imapx");
            yield return KopanoPortal.Core.Doctor.DoctorFindings.ObjectWithoutProperties("ghost", 65537);
            yield return KopanoPortal.Core.Doctor.ServerFindings.IncompleteServer("z9", noAddress: true, noHttpPort: true);
        }

        public Task<Result<IReadOnlyList<string>>> RepairAsync(KopanoPortal.Core.Doctor.DoctorRepair repair, AuditEntry audit, CancellationToken ct) =>
            throw new NotSupportedException();
    }

    private sealed class OneMembershipFinding : KopanoPortal.Core.Directory.IMembershipCheck
    {
        public KopanoPortal.Core.Directory.MembershipForm Form { get; } = new("member", "dn", "", IsUnambiguous: true);

        public async IAsyncEnumerable<MembershipFinding> FindAsync(IProgress<int>? groupsChecked, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            yield return new(new ObjectKey("g1"), "staff", new ObjectKey("t1"), "Alpha", new MembershipProblem("uid=nobody", []), null, null);
        }

        public Task<Result<int>> ConvertGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
    }
}

/// <summary>The assertion and waits the German checks share, whatever their harness.</summary>
internal static class NoEnglish
{
    /// <summary>The names, logins and addresses in the fakes: shown as they are in every language.</summary>
    public static IEnumerable<string> Fixture(FakeDirectory directory, FakeOperatorStore operators) =>
        directory.Tenants.Select(t => t.Name)
            .Concat(directory.Users.SelectMany(u => new[] { u.Name, u.FullName, u.Email }))
            .Concat(directory.Groups.SelectMany(g => new[] { g.Name, g.Email }))
            .Concat(operators.Rows.SelectMany(r => new[] { r.Account.Name, r.Account.FullName }));

    public static void Assert<T>(IRenderedComponent<T> cut, FakeDirectory directory, FakeOperatorStore operators, params string[] alsoShown) where T : IComponent
    {
        var found = PseudoLocalization.Untranslated(cut.Nodes, Fixture(directory, operators).Concat(alsoShown));
        Xunit.Assert.True(found.Count == 0, $"{typeof(T).Name}: English left in German:\n" + string.Join('\n', found));
    }

    /// <summary>No grid or page still loading.</summary>
    public static void Settled<T>(IRenderedComponent<T> cut) where T : IComponent =>
        cut.WaitForAssertion(() => Xunit.Assert.Empty(cut.FindAll(".mud-table-loading, .mud-progress-circular, .mud-progress-linear")));

    /// <summary>Clicks the button that reads <paramref name="german"/> once it is there.</summary>
    public static void Click<T>(IRenderedComponent<T> cut, string german) where T : IComponent
    {
        IElement Button() => cut.FindAll("button").Single(b => PseudoLocalization.Plain(b.TextContent).Trim() == german);
        cut.WaitForAssertion(() => Button());
        cut.InvokeAsync(() => Button().Click()).GetAwaiter().GetResult();
    }
}

/// <summary>The servers pages in German, over the fake node store (user_plugin = ldap, distributed).</summary>
public sealed class NoEnglishServerTests : KopanoPortal.ComponentTests.Servers.ServerTestBase
{
    public NoEnglishServerTests()
    {
        PseudoLocalization.Add(Services);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The seed nodes' names and addresses (the KC admin manual's example).</summary>
    private static readonly string[] Addresses = ["z1", "z2", "z1.example.lan", "z2.example.lan", "https://zproxy.example.com:237/z1", "https://zproxy.example.com:237/z2", "zproxy.example.com"];

    private void Check<T>(Func<IRenderedComponent<T>> render, Action<IRenderedComponent<T>> ready) where T : IComponent =>
        Language.In("de", () =>
        {
            var cut = render();
            ready(cut);
            NoEnglish.Assert(cut, Directory, Operators, Addresses);
        });

    private void Check<T>(FakeDirectory.UserRow user, Func<IRenderedComponent<T>> render, Action<IRenderedComponent<T>> ready) where T : IComponent
    {
        SignInAs(user);
        Check(render, ready);
    }

    [Fact]
    public void The_servers_list() => Check(
        () =>
        {
            AddSeedNodes();
            SignInAs(SystemAdmin);
            return Render<KopanoPortal.Web.Components.Pages.Servers.Index>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("z2", cut.Markup));
            NoEnglish.Settled(cut);
        });

    [Fact]
    public void The_servers_list_empty() => Check(SystemAdmin,
        () => Render<KopanoPortal.Web.Components.Pages.Servers.Index>(),
        NoEnglish.Settled);

    [Fact]
    public void A_server_page_with_its_homed_user() => Check(
        () =>
        {
            AddSeedNodes();
            Nodes.Home(PlainUser.Key, "z1");
            SignInAs(SystemAdmin);
            return RenderWithPopovers<KopanoPortal.Web.Components.Pages.Servers.ServerPage>(("ServerName", "z1"));
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Equal("z1", cut.Find("h1").TextContent.Trim()));
            NoEnglish.Settled(cut);
        });

    [Fact]
    public async Task A_server_page_whose_SSL_port_fails_the_handshake()
    {
        // The SSL port answers like a plain HTTP server: the system's own message would be OpenSSL's English.
        using var http = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        using var plain = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        http.Start();
        plain.Start();
        var answered = Task.Run(async () =>
        {
            using var client = await plain.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        });
        Nodes.Add(new KopanoPortal.Core.Servers.ServerNode("z1", "127.0.0.1", ((System.Net.IPEndPoint)http.LocalEndpoint).Port,
            ((System.Net.IPEndPoint)plain.LocalEndpoint).Port));
        Check(SystemAdmin,
            () => RenderWithPopovers<KopanoPortal.Web.Components.Pages.Servers.ServerPage>(("ServerName", "z1")),
            cut =>
            {
                cut.WaitForAssertion(() => Assert.Contains("TLS-Handshake fehlgeschlagen", cut.Find("[data-testid=reachability-certificate]").TextContent),
                    TimeSpan.FromSeconds(20));
                NoEnglish.Settled(cut);
            });
        await answered;
    }

    [Fact]
    public void The_certificates_panel() => Check(
        () =>
        {
            AddSeedNodes();
            SignInAs(SystemAdmin);
            return Render<KopanoPortal.Web.Components.Pages.Servers.CertificatesPanel>();
        },
        NoEnglish.Settled);

    [Fact]
    public void A_user_page_with_its_home_server() => Check(
        () =>
        {
            AddSeedNodes();
            Nodes.Home(PlainUser.Key, "z1");
            SignInAs(SystemAdmin);
            return RenderWithPopovers<UserPage>(("UserKey", PlainUser.Key.Value));
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));
            NoEnglish.Settled(cut);
        });
}

/// <summary>An installation without tenants (enable_hosted_kopano = no): the user and group lists are pages of their own.</summary>
public sealed class NoEnglishSingleTenantTests : ComponentTestBase
{
    protected override bool Hosted => false;

    public NoEnglishSingleTenantTests()
    {
        Services.AddSingleton(new KopanoPortal.Web.Servers.OneTimeDownloads(TimeProvider.System));
        PseudoLocalization.Add(Services);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private void Check<T>(FakeDirectory.UserRow user, Func<IRenderedComponent<T>> render, Action<IRenderedComponent<T>> ready) where T : IComponent =>
        Language.In("de", () =>
        {
            SignInAs(user);
            var cut = render();
            ready(cut);
            NoEnglish.Assert(cut, Directory, Operators);
        });

    [Fact]
    public void The_user_list() => Check(SystemAdmin,
        () => RenderWithPopovers<UsersIndex>(),
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("pat", cut.Markup));
            NoEnglish.Settled(cut);
        });

    [Fact]
    public void The_group_list_empty_and_refusing_an_empty_name() => Check(SystemAdmin,
        () => Render<GroupsIndex>(),
        cut =>
        {
            NoEnglish.Settled(cut);
            NoEnglish.Assert(cut, Directory, Operators);
            NoEnglish.Click(cut, "Gruppe anlegen");
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-invalid=true]")));
        });

    [Fact]
    public void The_group_list_with_a_group() => Check(SystemAdmin,
        () =>
        {
            Directory.AddGroup(null, "crew", PlainUser);
            return Render<GroupsIndex>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("crew", cut.Markup));
            NoEnglish.Settled(cut);
        });
}

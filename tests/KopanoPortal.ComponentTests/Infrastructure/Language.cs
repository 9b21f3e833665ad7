using System.Globalization;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>The circuit's culture for the length of one test, as the request's culture cookie would set it.</summary>
internal static class Language
{
    public static void In(string language, Action test) => In(language, () => { test(); return 0; });

    public static T In<T>(string language, Func<T> test)
    {
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
        try
        {
            return test();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }
}

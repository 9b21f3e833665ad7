using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// German for the texts MudBlazor itself writes on the portal's pages (pagers, close buttons, the breadcrumb and
/// table labels read by screen readers). MudBlazor asks this only for a language other than English, and falls back
/// to its English text for a key not listed here.
/// </summary>
public sealed class GermanMudLocalizer : MudLocalizer
{
    public static readonly IReadOnlyDictionary<string, string> German = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MudAlert_Close"] = "Schließen",
        ["MudBreadcrumbs_Label"] = "Brotkrumen",
        ["MudChip_Close"] = "Entfernen",
        ["MudDialog_Close"] = "Schließen",
        ["MudSnackbar_Close"] = "Schließen",
        ["MudInput_Clear"] = "Leeren",
        ["MudInput_Increment"] = "Erhöhen",
        ["MudInput_Decrement"] = "Verringern",
        ["MudNavGroup_ToggleExpand"] = "{0} auf- oder zuklappen",
        ["MudSelect_SelectAll"] = "Alle auswählen",
        ["MudFormComponent_Required"] = "Erforderlich",
        ["MudFileUpload_Button"] = "Datei wählen",
        ["MudFileUpload_DragAndDrop"] = "Datei hierher ziehen",
        ["MudDataGridPager_AllItems"] = "Alle",
        ["MudDataGridPager_FirstPage"] = "Erste Seite",
        ["MudDataGridPager_PreviousPage"] = "Vorige Seite",
        ["MudDataGridPager_NextPage"] = "Nächste Seite",
        ["MudDataGridPager_LastPage"] = "Letzte Seite",
        ["MudDataGridPager_RowsPerPage"] = "Zeilen pro Seite:",
        ["MudDataGridPager_InfoFormat"] = "{0}–{1} von {2}",
        ["MudDataGrid_Loading"] = "Wird geladen …",
        ["MudDataGrid_Sort"] = "Sortieren",
        ["MudDataGrid_Unsort"] = "Sortierung aufheben",
        ["MudDataGrid_SelectAllRows"] = "Alle Zeilen auswählen",
        ["MudDataGrid_SelectRow"] = "Zeile auswählen",
        ["MudDataGrid_RefreshData"] = "Daten aktualisieren",
        ["MudDataGrid_ShowColumnOptions"] = "Spaltenoptionen anzeigen",
        ["MudDataGrid_Filter"] = "Filtern",
        ["MudDataGrid_Apply"] = "Anwenden",
        ["MudDataGrid_Cancel"] = "Abbrechen",
        ["MudDataGrid_Clear"] = "Leeren",
        ["MudDataGrid_Save"] = "Speichern",
        ["MudDataGrid_Hide"] = "Ausblenden",
        ["MudDataGrid_ShowAll"] = "Alle anzeigen",
        ["MudDataGrid_HideAll"] = "Alle ausblenden",
        ["MudDataGrid_Columns"] = "Spalten",
        ["MudDataGrid_Column"] = "Spalte",
        ["MudPagination_FirstPage"] = "Erste Seite",
        ["MudPagination_PreviousPage"] = "Vorige Seite",
        ["MudPagination_NextPage"] = "Nächste Seite",
        ["MudPagination_LastPage"] = "Letzte Seite",
        ["MudPagination_CurrentPage"] = "Aktuelle Seite {0}",
        ["MudPagination_PageIndex"] = "Seite {0}",
        ["MudTablePager_FirstPage"] = "Erste Seite",
        ["MudTablePager_PreviousPage"] = "Vorige Seite",
        ["MudTablePager_NextPage"] = "Nächste Seite",
        ["MudTablePager_LastPage"] = "Letzte Seite",
        ["MudTable_Loading"] = "Wird geladen …",
        ["MudTable_SelectAllRows"] = "Alle Zeilen auswählen",
        ["MudTable_SelectRow"] = "Zeile auswählen",
        ["MudTable_ExpandGroup"] = "Gruppe aufklappen",
        ["MudTable_CollapseGroup"] = "Gruppe zuklappen",
        ["MudTabs_ScrollLeft"] = "Nach links blättern",
        ["MudTabs_ScrollRight"] = "Nach rechts blättern",
        ["MudTabs_ScrollUp"] = "Nach oben blättern",
        ["MudTabs_ScrollDown"] = "Nach unten blättern",
        ["MudTimePicker_Open"] = "Uhrzeit wählen",
        ["MudBaseDatePicker_Open"] = "Datum wählen",
        ["MudBaseDatePicker_PrevMonth"] = "Voriger Monat",
        ["MudBaseDatePicker_NextMonth"] = "Nächster Monat",
        ["MudBaseDatePicker_PrevYear"] = "Voriges Jahr",
        ["MudBaseDatePicker_NextYear"] = "Nächstes Jahr",
    };

    public override LocalizedString this[string key] =>
        IsGerman && German.TryGetValue(key, out var text) ? new(key, text) : new(key, key, resourceNotFound: true);

    public override LocalizedString this[string key, params object[] arguments] =>
        IsGerman && German.TryGetValue(key, out var text)
            ? new(key, arguments.Length == 0 ? text : string.Format(CultureInfo.CurrentCulture, text, arguments))
            : new(key, key, resourceNotFound: true);

    private static bool IsGerman => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de";
}

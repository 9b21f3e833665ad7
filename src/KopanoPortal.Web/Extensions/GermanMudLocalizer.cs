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
        ["MudDataGrid_ExpandGroup"] = "Gruppe aufklappen",
        ["MudDataGrid_CollapseGroup"] = "Gruppe zuklappen",
        ["MudDataGrid_ExpandAllGroups"] = "Alle Gruppen aufklappen",
        ["MudDataGrid_CollapseAllGroups"] = "Alle Gruppen zuklappen",
        ["MudDataGrid_ToggleGroupExpansion"] = "Gruppe auf- oder zuklappen",
        ["MudDataGrid_Group"] = "Gruppieren",
        ["MudDataGrid_Ungroup"] = "Gruppierung aufheben",
        ["MudDataGrid_AddFilter"] = "Filter hinzufügen",
        ["MudDataGrid_ClearFilter"] = "Filter leeren",
        ["MudDataGrid_RemoveFilter"] = "Filter entfernen",
        ["MudDataGrid_OpenFilters"] = "Filter öffnen",
        ["MudDataGrid_FilterValue"] = "Filterwert",
        ["MudDataGrid_Operator"] = "Operator",
        ["MudDataGrid_Value"] = "Wert",
        ["MudDataGrid_MoveUp"] = "Nach oben",
        ["MudDataGrid_MoveDown"] = "Nach unten",
        ["MudDataGrid_ReorderColumn"] = "Spalte verschieben",
        ["MudTable_SelectGroup"] = "Gruppe auswählen",
        ["MudTable_EditRow"] = "Zeile bearbeiten",
        ["MudTable_CommitRow"] = "Änderung übernehmen",
        ["MudTable_CancelEditRow"] = "Bearbeiten abbrechen",
        ["MudFileUpload_FileSizeError"] = "Die Datei „{0}“ ist größer als die erlaubten {1} Byte.",
        ["MudFileUpload_MaximumFileCountExceeded"] = "{0} Dateien gewählt, erlaubt sind höchstens {1}.",
        ["Converter_InvalidNumber"] = "Keine gültige Zahl",
        ["Converter_InvalidDateTime"] = "Kein gültiges Datum mit Uhrzeit",
        ["Converter_InvalidTimeSpan"] = "Keine gültige Zeitspanne",
        ["Converter_InvalidBoolean"] = "Kein gültiger Wahrheitswert",
        ["Converter_InvalidGUID"] = "Keine gültige GUID",
        ["Converter_InvalidType"] = "Kein gültiger Wert vom Typ {0}",
        ["Converter_NotValueOf"] = "Kein Wert von {0}",
        ["Converter_ConversionError"] = "Umwandlungsfehler: {0}",
        ["Converter_ConversionFailed"] = "Umwandlung von {0} in {1} fehlgeschlagen: {2}",
        ["Converter_ConversionNotImplemented"] = "Umwandlung in den Typ {0} ist nicht vorgesehen",
        ["Converter_UnableToConvert"] = "Umwandlung in {0} vom Typ {1} nicht möglich",
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

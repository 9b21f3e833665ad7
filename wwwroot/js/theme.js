// Remembers the theme someone picked in the bar, so the next page load renders in it from the first byte.
window.kopanoPortalTheme = {
    remember: function (choice) {
        var secure = location.protocol === "https:" ? "; secure" : "";
        document.cookie = "KopanoPortal.Theme=" + encodeURIComponent(choice) + "; path=/; max-age=31536000; samesite=lax" + secure;
    }
};

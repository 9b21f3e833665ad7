// Enter in a text field of a portal form (PortalForm.razor) whose submit button is disabled because a field shows an
// error that is going away: this very Enter commits the field's fix (its change event follows the keydown), or a
// keystroke just before it did and the server's answer has not arrived yet. The browser does not submit through a
// disabled button, so the form is submitted once the server has enabled it. Any other key, text entered meanwhile, or
// a button that stays disabled (the error stays) drops it.
(function () {
    var waitMilliseconds = 3000;
    var pending = null;

    function drop() {
        if (pending) {
            pending.observer.disconnect();
            clearTimeout(pending.timer);
            pending = null;
        }
    }

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") {
            drop();
            return;
        }
        var field = event.target;
        var form = field && field.form;
        if (event.isComposing || !form || !form.classList.contains("portal-form") || field.tagName !== "INPUT") {
            return;
        }
        // Only while a field shows an error: a button disabled because the form's step runs must not send it again.
        var button = form.querySelector("button[type=submit]");
        if (!button || !button.disabled || !form.querySelector("[aria-invalid=true]")) {
            return;
        }
        drop();
        var observer = new MutationObserver(function () {
            if (!button.isConnected) {
                drop();
            } else if (!button.disabled) {
                drop();
                form.requestSubmit(button);
            }
        });
        observer.observe(button, { attributes: true, attributeFilter: ["disabled"] });
        pending = { observer: observer, timer: setTimeout(drop, waitMilliseconds) };
    }, true);

    document.addEventListener("input", drop, true);
})();

// Passkeys (WebAuthn) for My account and the second sign-in step. The server (PasskeyEndpoints) makes and checks
// the options; this file only carries them between it and the browser's authenticator, converting base64url
// strings to the ArrayBuffers navigator.credentials wants and back.
(() => {
    const toBuffer = (text) => {
        const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
        return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
    };
    const toText = (buffer) =>
        btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

    // failed: the page's own text for a refusal without a reason, in the page's language.
    const post = async (url, body, failed) => {
        const response = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body ?? {}),
            credentials: "same-origin",
        });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) {
            throw new Error(answer.error ?? failed);
        }
        return answer;
    };

    async function register(name, failed) {
        try {
            const options = await post("me/passkeys/options", null, failed);
            options.challenge = toBuffer(options.challenge);
            options.user.id = toBuffer(options.user.id);
            for (const excluded of options.excludeCredentials ?? []) {
                excluded.id = toBuffer(excluded.id);
            }
            const credential = await navigator.credentials.create({ publicKey: options });
            const answer = await post("me/passkeys", {
                name,
                credential: {
                    id: credential.id,
                    rawId: toText(credential.rawId),
                    type: credential.type,
                    clientExtensionResults: credential.getClientExtensionResults(),
                    response: {
                        attestationObject: toText(credential.response.attestationObject),
                        clientDataJSON: toText(credential.response.clientDataJSON),
                        transports: credential.response.getTransports?.() ?? [],
                    },
                },
            }, failed);
            return { ok: true, recoveryCodes: answer.recoveryCodes ?? null };
        } catch (error) {
            return { ok: false, error: error.message };
        }
    }

    async function signIn(failed) {
        const options = await post("signin/passkey/options", null, failed);
        options.challenge = toBuffer(options.challenge);
        for (const allowed of options.allowCredentials ?? []) {
            allowed.id = toBuffer(allowed.id);
        }
        const assertion = await navigator.credentials.get({ publicKey: options });
        const answer = await post("signin/passkey", {
            id: assertion.id,
            rawId: toText(assertion.rawId),
            type: assertion.type,
            clientExtensionResults: assertion.getClientExtensionResults(),
            response: {
                authenticatorData: toText(assertion.response.authenticatorData),
                clientDataJSON: toText(assertion.response.clientDataJSON),
                signature: toText(assertion.response.signature),
                userHandle: assertion.response.userHandle ? toText(assertion.response.userHandle) : null,
            },
        }, failed);
        location.assign(answer.redirect);
    }

    // The second-step page is static (no circuit): its button is wired here, not by Blazor.
    document.addEventListener("click", (event) => {
        const button = event.target.closest?.("[data-passkey-signin]");
        if (!button) {
            return;
        }
        event.preventDefault();
        const error = document.querySelector("[data-passkey-error]");
        signIn(error?.dataset.passkeyFailed ?? "").catch((e) => {
            if (error) {
                error.textContent = e.message;
                error.hidden = false;
            }
        });
    });

    window.kopanoPasskeys = { register };
})();

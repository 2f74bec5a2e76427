// Reflect's passkey ceremonies (served at /passkeys/ceremony.js; the page at /passkeys).
// Adding a passkey: create it with the PRF extension, then ask it once for the PRF output of
// its own salt, which the server uses to wrap the person's key. Unlocking: ask a passkey for
// the PRF output of its salt, which the server uses to unwrap the key. The PRF output goes to
// this server only, once, and is kept nowhere in the page.
"use strict";

(function () {
  const form = document.getElementById("passkey");
  const status = document.getElementById("passkey-status");
  const done = document.getElementById("passkey-done");
  if (!form || !status) {
    return;
  }
  const mode = form.dataset.do;

  function say(text, problem) {
    status.textContent = text;
    status.className = problem ? "message problem" : "message";
    status.hidden = false;
  }

  function fromB64url(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    const raw = atob(base64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toB64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let raw = "";
    for (let i = 0; i < bytes.length; i += 1) {
      raw += String.fromCharCode(bytes[i]);
    }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      answer = {};
    }
    if (!response.ok) {
      throw new Error(answer.message || "Something went wrong on the way to Reflect. Please try again.");
    }
    return answer;
  }

  function salts(prf) {
    const out = {};
    if (prf.eval) {
      out.eval = { first: fromB64url(prf.eval.first) };
    }
    if (prf.evalByCredential) {
      out.evalByCredential = {};
      for (const [id, value] of Object.entries(prf.evalByCredential)) {
        out.evalByCredential[id] = { first: fromB64url(value.first) };
      }
    }
    return out;
  }

  function creationOptions(options) {
    return {
      ...options,
      challenge: fromB64url(options.challenge),
      user: { ...options.user, id: fromB64url(options.user.id) },
      excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: fromB64url(c.id) })),
    };
  }

  function requestOptions(options) {
    return {
      ...options,
      challenge: fromB64url(options.challenge),
      allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: fromB64url(c.id) })),
      extensions: { prf: salts(options.extensions.prf) },
    };
  }

  // The credential as JSON, without its extension results: the PRF output travels on its own.
  function asJson(credential) {
    const response = credential.response;
    const json = {
      id: credential.id,
      rawId: toB64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      response: { clientDataJSON: toB64url(response.clientDataJSON) },
      clientExtensionResults: {},
    };
    if (response.attestationObject) {
      json.response.attestationObject = toB64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
      const prf = credential.getClientExtensionResults().prf;
      json.clientExtensionResults = { prf: { enabled: Boolean(prf && prf.enabled) } };
    } else {
      json.response.authenticatorData = toB64url(response.authenticatorData);
      json.response.signature = toB64url(response.signature);
      json.response.userHandle = response.userHandle ? toB64url(response.userHandle) : null;
    }
    return json;
  }

  function prfOutput(credential) {
    const prf = credential.getClientExtensionResults().prf;
    if (!prf || !prf.results || !prf.results.first) {
      throw new Error(
        "This browser or passkey can't give Reflect the key it needs (the PRF extension), so it can't open " +
          "your private notes. Your passphrase still works. Current Chrome and Edge, and Safari 18 or later, usually can."
      );
    }
    return toB64url(prf.results.first);
  }

  async function add() {
    const name = document.getElementById("passkey-name").value;
    const passphrase = document.getElementById("passkey-passphrase").value;
    const begun = await post("/passkeys/add/begin", { name: name, passphrase: passphrase });
    say("Follow your browser's steps to make the passkey.");
    const created = await navigator.credentials.create({ publicKey: creationOptions(begun.options) });
    const registered = await post("/passkeys/add/register", { ceremony: begun.ceremony, credential: asJson(created) });
    say("One more step: please confirm with your passkey once more, so it can lock your private notes.");
    const proved = await navigator.credentials.get({ publicKey: requestOptions(registered.options) });
    const prf = prfOutput(proved);
    return post("/passkeys/add/finish", { ceremony: registered.ceremony, credential: asJson(proved), prf: prf });
  }

  async function unlock() {
    const begun = await post("/passkeys/unlock/begin", {});
    say("Follow your browser's steps to use your passkey.");
    const got = await navigator.credentials.get({ publicKey: requestOptions(begun.options) });
    const prf = prfOutput(got);
    return post("/passkeys/unlock/finish", { ceremony: begun.ceremony, credential: asJson(got), prf: prf });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say("This browser doesn't offer passkeys. Your passphrase still works.", true);
      return;
    }
    button.disabled = true;
    try {
      const answer = await (mode === "add" ? add() : unlock());
      say(answer.message, false);
      form.hidden = true;
      if (done) {
        done.hidden = false;
      }
    } catch (error) {
      if (error && error.name === "NotAllowedError") {
        say("The passkey step was cancelled or timed out, so nothing was changed. You can try again, or use your passphrase.", true);
      } else if (error && error.name === "InvalidStateError") {
        say("This passkey is added already: it is in your list of passkeys.", true);
      } else {
        say((error && error.message) || "Something went wrong. Please try again.", true);
      }
    } finally {
      button.disabled = false;
    }
  });
})();

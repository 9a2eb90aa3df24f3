// Speaker notes: hidden from readers, shown to an instructor on request.
//
// A chapter's notes are `<div class="speaker-notes">` blocks. This script adds a "Notes" button to
// the menu bar. `?notes=1` in the address shows them, `?notes=0` hides them; the button and both
// parameters are remembered in localStorage, so an instructor turns them on once.
//
// The CSS decides what is visible. After applying the choice, the script writes what a note's
// computed style actually is into <html data-speaker-notes="shown|hidden|none"> (none: the page has
// no notes), so `cargo xtask book-check` can test the real visibility, not just the script's intent.
(function () {
    "use strict";
    var KEY = "mailslot-speaker-notes";
    var html = document.documentElement;

    function remembered() {
        try {
            return window.localStorage.getItem(KEY) === "shown";
        } catch (e) {
            return false;
        }
    }

    function remember(shown) {
        try {
            window.localStorage.setItem(KEY, shown ? "shown" : "hidden");
        } catch (e) {
            // Storage can be disabled (private windows, file:// in some browsers): the choice
            // then lasts for this page only.
        }
    }

    function reflect() {
        var note = document.querySelector(".speaker-notes");
        if (!note) {
            html.setAttribute("data-speaker-notes", "none");
            return;
        }
        var visible = window.getComputedStyle(note).display !== "none";
        html.setAttribute("data-speaker-notes", visible ? "shown" : "hidden");
    }

    function apply(shown, button) {
        html.classList.toggle("speaker-notes-shown", shown);
        if (button) {
            button.setAttribute("aria-pressed", shown ? "true" : "false");
            button.title = shown ? "Hide the speaker notes" : "Show the speaker notes (for instructors)";
        }
        reflect();
    }

    var wanted = remembered();
    var parameter = new URLSearchParams(window.location.search).get("notes");
    if (parameter === "1" || parameter === "0") {
        wanted = parameter === "1";
        remember(wanted);
    }

    var button = document.createElement("button");
    button.id = "speaker-notes-toggle";
    button.className = "icon-button speaker-notes-toggle";
    button.type = "button";
    button.textContent = "Notes";
    button.setAttribute("aria-label", "Toggle the speaker notes");
    button.addEventListener("click", function () {
        var shown = !html.classList.contains("speaker-notes-shown");
        remember(shown);
        apply(shown, button);
    });
    var bar = document.querySelector("#mdbook-menu-bar .right-buttons");
    if (bar) {
        bar.insertBefore(button, bar.firstChild);
    }
    apply(wanted, button);
})();

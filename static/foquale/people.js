// The search by name of a person field (networks/widgets/person_input.html): as the
// person types, the académie's accounts that match fill the field's <datalist>; choosing
// one puts its address in the field. Without this script the field takes an address and
// the link under it opens the search page.
(function () {
  function search(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var status = document.querySelector('[data-people-status="' + input.getAttribute("list") + '"]');
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < 2 || query.indexOf("@") !== -1 || query === last) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = query;
        fetch(input.dataset.peopleSearch + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (person) {
              var option = document.createElement("option");
              option.value = person.email;
              option.label = person.label;
              option.textContent = person.label;
              list.appendChild(option);
            });
            if (status) {
              status.textContent = data.results.length
                ? data.results.length + " personne(s) trouvée(s) : choisissez dans la liste."
                : "Aucune personne trouvée.";
            }
          });
      }, 250);
    });
  }
  document.querySelectorAll("input[data-people-search][list]").forEach(search);
})();

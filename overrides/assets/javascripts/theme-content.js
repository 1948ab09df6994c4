/* Opens the content tab a link points at, and (with the theme's content.tabs.link feature, data-tabs-link)
   the tabs chosen before. Copied from Material for MkDocs' partials/javascripts/content.html (MIT licence,
   (c) Martin Donath), so that pages carry no inline script. */
if(document.currentScript.hasAttribute("data-tabs-link")){var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}}
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));

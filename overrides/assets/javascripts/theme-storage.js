/* The theme's storage helpers, moved out of the page so that pages carry no inline script (see
   overrides/partials/csp.html). Copied from Material for MkDocs' and Zensical's partials/javascripts/base.html
   (MIT licence, (c) Martin Donath); the scope, inline there, comes from this script tag's data-scope. */
__md_scope=new URL(document.currentScript.dataset.scope,location),__md_scope.pathname.endsWith("/")||(__md_scope=new URL(__md_scope.pathname+"/",location)),__md_hash=e=>[...e].reduce(((e,t)=>(e<<5)-e+t.charCodeAt(0)),0),__md_get=(e,t=localStorage,_=__md_scope)=>JSON.parse(t.getItem(_.pathname+"."+e)),__md_set=(e,t,_=localStorage,a=__md_scope)=>{try{_.setItem(a.pathname+"."+e,JSON.stringify(t))}catch(e){}},document.documentElement.setAttribute("data-platform",navigator.platform);

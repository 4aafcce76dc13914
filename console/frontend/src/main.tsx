import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DeadLettersView } from "./deadletters";
import { DestinationsView } from "./destinations";
import { ProblemsView } from "./problems";
import { SourcesView } from "./sources";

const VIEWS = [
  { id: "sources", title: "Sources", view: SourcesView },
  { id: "destinations", title: "Destinations", view: DestinationsView },
  { id: "dead-letters", title: "Dead letters", view: DeadLettersView },
  { id: "problems", title: "Problems", view: ProblemsView },
];

function currentView(): string {
  const id = location.hash.replace(/^#\/?/, "");
  return VIEWS.some((v) => v.id === id) ? id : "sources";
}

function App() {
  const [view, setView] = useState(currentView());
  useEffect(() => {
    const onHash = () => setView(currentView());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const active = VIEWS.find((v) => v.id === view)!;
  useEffect(() => {
    document.title = `${active.title} · Sluice console`;
  }, [view]);
  const View = active.view;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <h1>Sluice</h1>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.id}>
                <a href={`#/${v.id}`} aria-current={v.id === view ? "page" : undefined}>
                  {v.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <View />
      </main>
    </>
  );
}

const root = document.getElementById("app")!;
root.textContent = ""; // the "Loading" line
render(<App />, root);

// libro: la identidad que el complemento manda en cada pedido (el gancho `getAuth` de xlwings-server).
// - Microsoft Entra ID («entraid»): el token de la sesión de Office.
// - Clave de acceso («custom»): la que entregó Informática, guardada en este equipo desde el panel.
const LIBRO_CLAVE = "libro.clave";

globalThis.getAuth = async function () {
  const proveedores = globalThis.config?.authProviders || [];
  const clave = localStorage.getItem(LIBRO_CLAVE) || "";
  if (proveedores.includes("custom") && (clave || !proveedores.includes("entraid"))) {
    return { token: clave, provider: "custom" };
  }
  if (proveedores.includes("entraid")) {
    return { token: await xlwings.getAccessToken(), provider: "entraid" };
  }
  return { token: "", provider: "" };
};

document.addEventListener("DOMContentLoaded", () => {
  const formulario = document.getElementById("libro-clave");
  if (!formulario) {
    return;
  }
  const campo = formulario.querySelector("input");
  const estado = document.getElementById("libro-clave-estado");
  const mostrar = () => {
    estado.textContent = localStorage.getItem(LIBRO_CLAVE)
      ? "Clave guardada en este equipo."
      : "Sin clave: pídala a Informática y escríbala aquí.";
  };
  formulario.addEventListener("submit", (evento) => {
    evento.preventDefault();
    const valor = campo.value.trim();
    if (valor) {
      localStorage.setItem(LIBRO_CLAVE, valor);
    } else {
      localStorage.removeItem(LIBRO_CLAVE);
    }
    campo.value = "";
    mostrar();
  });
  mostrar();
});

Attribute VB_Name = "libro"
Option Explicit
'
' libro: botones de las plantillas .xlsm para Excel de escritorio con el complemento xlwings.
' Cada boton llama a LibroBoton, que ejecuta en Python
'     import macros_py.<formato>; macros_py.<formato>.<accion>()
' <formato> sale del nombre definido LIBRO_MACROS (p. ej. "macros_py.poi") y <accion> del texto
' del boton ("Calcular metas" -> calcular_metas). Python toma el libro con xw.Book.caller():
' funciona aunque el archivo cambie de nombre o de carpeta.
'
Public Sub LibroBoton()
    Dim texto As String
    On Error Resume Next
    texto = ActiveSheet.Buttons(Application.Caller).Caption
    On Error GoTo 0
    If texto = "" Then
        MsgBox "Use los botones de la hoja Instrucciones.", vbExclamation, "libro"
        Exit Sub
    End If
    LibroEjecutar LibroCodigo(texto)
End Sub

Public Function LibroCodigo(ByVal texto As String) As String
    Dim modulo As String
    modulo = ThisWorkbook.Names("LIBRO_MACROS").RefersTo
    modulo = Replace(Replace(modulo, "=", ""), Chr(34), "")
    LibroCodigo = "import " & modulo & "; " & modulo & "." & Replace(LCase$(Trim$(texto)), " ", "_") & "()"
End Function

Public Sub LibroEjecutar(ByVal codigo As String)
    ' Primero el complemento xlwings (xlwings addin install); si no esta, el modulo xlwings
    ' importado en este mismo libro (modo standalone).
    Dim descripcion As String
    On Error Resume Next
    Application.Run "xlwings.xlam!RunPython", codigo
    If Err.Number = 0 Then Exit Sub
    Err.Clear
    Application.Run "'" & Replace(ThisWorkbook.Name, "'", "''") & "'!RunPython", codigo
    If Err.Number = 0 Then Exit Sub
    descripcion = Err.Description
    On Error GoTo 0
    MsgBox "No se pudo ejecutar libro: " & descripcion & vbCrLf & _
           "Falta el complemento xlwings. Soporte lo instala con: xlwings addin install", _
           vbCritical, "libro"
End Sub

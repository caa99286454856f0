// Hands a file the server wrote (a .NET stream) to the browser as a download: the payouts' SEPA file, a simulation's CSV.
export async function download(fileName, contentType, streamReference) {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoked a little later: some browsers start reading the blob only after click() has returned.
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// mammoth's prebuilt browser bundle (its own unzip, no Node built-ins): the same API as the package.
declare module 'mammoth/mammoth.browser.js' {
  import mammoth from 'mammoth';
  export default mammoth;
}
